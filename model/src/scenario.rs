//! Scenario files (SCENARIO_FORMAT.md): loading, with every error located in
//! the file.
