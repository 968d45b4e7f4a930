"""The site's security headers and the nginx preview: plain modules that never import MkDocs."""
