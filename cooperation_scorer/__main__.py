"""Run the command line as `python -m cooperation_scorer`."""

from cooperation_scorer.entry import main

main()
