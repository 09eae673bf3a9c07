from flowlint.cli import main

main()
