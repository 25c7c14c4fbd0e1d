def test_help_lists_commands(run_cli):
    r = run_cli("--help")
    assert r.returncode == 0, r.stderr
    assert "build" in r.stdout and "validate" in r.stdout


def test_unknown_option_is_usage_error_exit_2(run_cli):
    r = run_cli("--no-such-option")
    assert r.returncode == 2
    assert r.stderr.startswith("[ERROR]")
    assert "Traceback" not in r.stderr
