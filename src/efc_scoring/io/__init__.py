"""Reading and writing tender files: the YAML tender, offers, committee marks, the JSON Schema."""
