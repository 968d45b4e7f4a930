"""MkDocs glue for the printed patient handouts (PDF), made at the end of the build."""
