"""MkDocs glue for the cross-link validator: every link, anchor and page of the rendered site."""
