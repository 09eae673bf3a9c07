from flowlint.cli import run

run()
