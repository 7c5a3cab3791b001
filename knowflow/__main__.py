from knowflow.cli import main

main()
