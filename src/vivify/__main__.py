from vivify.cli import main

main()
