"""E-learning: modules, lessons, knowledge checks and progress. It has no models yet."""
