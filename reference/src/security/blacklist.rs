//! The Neo4j 3.x property blacklist (docs/spec/semantics.md section 7).

use model::world::World;

use super::principal::Subject;

/// B1, B2: the user's roles whose blacklist holds `key`; none unless
/// `dbms.security.property_level.enabled` is true. The blacklist acts on
/// reads only and comes from configuration, not privileges, so D4 and P6
/// do not apply to it.
pub fn blacklisted_by<'w>(world: &'w World, subject: &Subject<'w>, key: &str) -> Vec<&'w str> {
    if !world.config.property_level_enabled {
        return Vec::new();
    }
    world
        .config
        .blacklist
        .iter()
        .filter(|(role, keys)| {
            subject.roles.contains(&role.as_str()) && keys.iter().any(|k| k == key)
        })
        .map(|(role, _)| role.as_str())
        .collect()
}
