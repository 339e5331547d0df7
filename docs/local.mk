# docs/: shipped documentation.
dist_doc_DATA += docs/ARCHITECTURE.md docs/HACKING.md
dist_doc_DATA += docs/PERFORMANCE.md
dist_doc_DATA += docs/MODEL-FORMAT.md
