//! Property rules.
