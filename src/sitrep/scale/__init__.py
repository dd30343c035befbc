"""Scale-out engines: the same pipeline as `sitrep.ingest.run` / `sitrep.analyse.run`,
with the CPU-heavy pure work spread over a cluster (see docs/scale.md)."""
