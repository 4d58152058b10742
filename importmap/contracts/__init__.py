"""Architecture contracts (`[[tool.importmap.contracts]]`): what they say, and whether the
import graph keeps them (IMP401). Graph queries over the module graph, never per-path walks."""
