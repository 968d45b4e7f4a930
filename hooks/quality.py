"""MkDocs glue for the clinical content checks: review dates, page structure, plain language, readability."""
