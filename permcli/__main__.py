from permcli.cli.main import run

run()
