"""The demo: two organizations served by one installation, three people and the spaces of a
French city, built by `palabre demo` (see `builder.build_demo`)."""
