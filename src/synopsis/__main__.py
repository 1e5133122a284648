import sys

if sys.argv[1:] == ["version"]:
    # Answered before the command-line app is imported (typer, rich, click: most of the
    # 0.12 CPU s that `python -m synopsis version` took; issue 25), as `synopsis.cli.main` does.
    from . import __version__

    print(f"synopsis {__version__}")
else:
    from .cli import main

    main()
