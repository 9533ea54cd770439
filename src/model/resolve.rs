//! Name resolution: attribute paths to ids and types, slot and segment ids
//! to indices, for one ruleset.

use std::collections::HashMap;

use crate::model::attribute::{self, AttrDef, BUILTIN, CUSTOM_PREFIX};
use crate::model::{AttrId, AttrType, CustomType, Family, Ruleset};

/// Looks names up in a ruleset.
pub struct Resolver<'a> {
    ruleset: &'a Ruleset,
    slots: HashMap<&'a str, usize>,
    segments: HashMap<&'a str, usize>,
}

/// What is known about an attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct AttrInfo {
    /// Its id.
    pub id: AttrId,
    /// Its dotted path.
    pub path: String,
    /// A human label.
    pub label: String,
    /// Its type.
    pub ty: AttrType,
    /// Its family.
    pub family: Family,
}

impl<'a> Resolver<'a> {
    /// Indexes a ruleset's names (the first of duplicates wins).
    pub fn new(ruleset: &'a Ruleset) -> Self {
        let mut slots = HashMap::new();
        for (i, s) in ruleset.slots.iter().enumerate() {
            slots.entry(s.id.as_str()).or_insert(i);
        }
        let mut segments = HashMap::new();
        for (i, s) in ruleset.segments.iter().enumerate() {
            segments.entry(s.id.as_str()).or_insert(i);
        }
        Resolver { ruleset, slots, segments }
    }

    /// Resolves an attribute path.
    pub fn attr(&self, path: &str) -> Option<AttrInfo> {
        if let Some(id) = attribute::builtin(path) {
            let def: &AttrDef = &BUILTIN[id.0 as usize];
            return Some(AttrInfo {
                id,
                path: def.path.into(),
                label: def.label.into(),
                ty: def.ty,
                family: def.family,
            });
        }
        let name = path.strip_prefix(CUSTOM_PREFIX)?;
        let i = self.ruleset.attributes.iter().position(|a| a.name == name)?;
        Some(custom_info(i, name, self.ruleset.attributes[i].ty))
    }

    /// Every attribute of the ruleset: built-ins, then custom.
    pub fn all_attrs(&self) -> Vec<AttrInfo> {
        let mut out: Vec<AttrInfo> = BUILTIN.iter().filter_map(|d| self.attr(d.path)).collect();
        out.extend(self.ruleset.attributes.iter().enumerate().map(|(i, a)| custom_info(i, &a.name, a.ty)));
        out
    }

    /// The index of a slot.
    pub fn slot(&self, id: &str) -> Option<usize> {
        self.slots.get(id).copied()
    }

    /// The index of a segment.
    pub fn segment(&self, id: &str) -> Option<usize> {
        self.segments.get(id).copied()
    }
}

fn custom_info(i: usize, name: &str, ty: CustomType) -> AttrInfo {
    AttrInfo {
        id: AttrId((BUILTIN.len() + i) as u16),
        path: format!("{CUSTOM_PREFIX}{name}"),
        label: name.to_owned(),
        ty: ty.attr_type(),
        family: Family::Custom,
    }
}
