"""sitrep: news reporting about an armed conflict -> a sourced situation record.

The package mirrors the pipeline:

    ingest  -> analyse -> resolve -> store -> show
    (files)   (mentions)  (events)   (SQL)   (CLI, web)

`sitrep.cli` wires the stages to the command line; `sitrep.config` holds settings.
"""

__version__ = "0.1.0"
