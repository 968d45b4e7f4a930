"""Clinical sign-off: who reviewed each page, when, and whether the page still shows what they signed."""
