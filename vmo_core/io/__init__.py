"""Portfolio files in and out: the schema, reading and validating, exporting, uploads.

`schema` says once how every column is read and written (CSV folder, .xlsx, .duckdb) and
the bounds of every number and date; `readers` reads CSV files and workbooks into raw
tables; `loading` turns raw tables into a validated `model.Portfolio` or a
`ValidationError` listing every problem; `cycles` names dependency loops; `workload` says when a portfolio holds too much
work to schedule; `export` writes a portfolio back so it imports unchanged; `uploads`
checks files from the app as an import does. `register` reads a one-sheet project register
through a mapping (`register_mapping`: its JSON; `register_suggest`: one proposed from the
headers; `register_sheet`: the sheet, its header and merged cells; `register_cells`: money, dates,
words and rows as PMOs write them), `mspdi` MS Project's XML, a file or a folder (`mspdi_xml`: parsed safely;
`mspdi_reader`: one file; `mspdi_flat`: a single project's plan; `mspdi_parts`: the pieces),
both into raw tables (`converted`) that `loading.load_with_report` validates; `register_uploads` checks
them from the app. Depends on `model` and `errors` only, and on
`store` (beside io, for .duckdb files) through one lazy import in `loading.load`.
"""
