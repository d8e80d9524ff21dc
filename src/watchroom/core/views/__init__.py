"""Core's pages, one module per concern: `pages` (home, sign-in, lists and details of
places, people and policy profiles), `places` (add, edit, deactivate places), `people`
(staff accounts and one's own password), `changes` (two-person changes), `tokens`
(API tokens), `authenticator` (setting up one's authenticator)."""
