"""`importmap trend`: the project analysed at each selected commit, and how its score moved."""
