"""Command-line front end. Thin: builds Posts, calls the Screener, renders results."""
