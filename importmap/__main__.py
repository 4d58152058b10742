from importmap.cli.app import main

main()
