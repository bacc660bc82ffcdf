"""The layer every domain stands on: schemas, loading, store, rules, languages, charts, tables."""
