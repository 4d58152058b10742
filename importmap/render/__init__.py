"""Pictures: a pure view of the graph, DOT built from it, and the adapter that runs Graphviz."""
