//! Explanations: for a user, every element's decision and the privileges
//! (role, command text) that granted or denied it.
