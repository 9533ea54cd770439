//! A predicate row: the attribute picker, the operator combo offering what
//! the attribute's type accepts, the operand widget and "ignore case"; and
//! what changing the attribute or the operator does to the operand.

use egui::{ComboBox, RichText, Ui};

use super::operand::{operand, pattern_error_lines};
use super::{Position, RowAction, Walk, controls, op_label, with};
use crate::analysis::operators_for;
use crate::gui::panels::pickers::{self, Naming};
use crate::model::attribute::id as attr_id;
use crate::model::resolve::AttrInfo;
use crate::model::{AttrType, Op, OpKind, Predicate, Segment};

fn default_number(info: Option<&AttrInfo>) -> f64 {
    match info.map(|i| i.ty) {
        Some(AttrType::Number(d)) if d.min.is_finite() => d.min,
        _ => 0.0,
    }
}

fn default_single(info: Option<&AttrInfo>, segments: &[Segment]) -> String {
    match info {
        Some(i) if i.id == attr_id::SEGMENTS => segments.first().map(|s| s.id.clone()).unwrap_or_default(),
        Some(AttrInfo { ty: AttrType::Enum(choices), .. }) => {
            choices.first().map(|c| (*c).to_owned()).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The operator a predicate starts with for an attribute.
fn default_op(info: &AttrInfo, segments: &[Segment]) -> Op {
    match info.ty {
        AttrType::Country | AttrType::Region => Op::In(Vec::new()),
        AttrType::Enum(_) => Op::Is(default_single(Some(info), segments)),
        AttrType::Text => Op::Is(String::new()),
        AttrType::Number(_) => Op::Ge(default_number(Some(info))),
        AttrType::List if info.id == attr_id::SEGMENTS => Op::Has(default_single(Some(info), segments)),
        AttrType::List => Op::HasAny(Vec::new()),
    }
}

/// Switches an operator, carrying its operand over where it makes sense
/// (`is "CA"` becomes `in ["CA"]`, `gt 3` becomes `between 3 and 3`).
fn convert_op(old: &Op, to: &str, info: Option<&AttrInfo>, segments: &[Segment]) -> Op {
    let strings: Vec<String> = old.strings().iter().filter(|s| !s.is_empty()).cloned().collect();
    let first = strings.first().cloned().unwrap_or_else(|| default_single(info, segments));
    let number = match old {
        Op::Lt(n) | Op::Le(n) | Op::Gt(n) | Op::Ge(n) | Op::Between(n, _) => *n,
        _ => default_number(info),
    };
    match to {
        "is" => Op::Is(first),
        "is_not" => Op::IsNot(first),
        "in" => Op::In(strings),
        "not_in" => Op::NotIn(strings),
        "contains" => Op::Contains(first),
        "starts_with" => Op::StartsWith(first),
        "ends_with" => Op::EndsWith(first),
        "matches" => Op::Matches(match old {
            Op::Matches(p) => p.clone(),
            _ => regex::escape(&first),
        }),
        "lt" => Op::Lt(number),
        "le" => Op::Le(number),
        "gt" => Op::Gt(number),
        "ge" => Op::Ge(number),
        "between" => match old {
            Op::Between(a, b) => Op::Between(*a, *b),
            _ => Op::Between(number, number),
        },
        "has" => Op::Has(first),
        "has_any" => Op::HasAny(strings),
        "has_all" => Op::HasAll(strings),
        "has_none" => Op::HasNone(strings),
        "exists" => Op::Exists,
        _ => Op::Missing,
    }
}

/// Points a predicate at another attribute: keeps the operator and operand
/// when the new attribute takes the same kind of values (another text, another
/// number, a list other than segments), or starts over with the new type's
/// default.
fn retarget(p: &mut Predicate, old: Option<&AttrInfo>, new: &AttrInfo, segments: &[Segment]) {
    let same_values = old.is_some_and(|o| {
        let both_segments = (o.id == attr_id::SEGMENTS) == (new.id == attr_id::SEGMENTS);
        both_segments && (o.ty == new.ty || matches!((o.ty, new.ty), (AttrType::Number(_), AttrType::Number(_))))
    });
    if !(same_values || matches!(p.op, Op::Exists | Op::Missing)) {
        p.op = default_op(new, segments);
    }
    if new.ty != AttrType::Text {
        p.ignore_case = false;
    }
    p.attr = new.path.clone();
}

/// Draws a predicate row; returns what its buttons ask of its group.
pub(super) fn predicate_row(ui: &mut Ui, p: &mut Predicate, at: Position, walk: &mut Walk) -> Option<RowAction> {
    let Position { rel, number, place } = at;
    let mut action = None;
    let mut pattern_error = None;
    let ctx = walk.ctx;
    let segments = &ctx.ruleset.segments;
    let row = ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(number).weak());
        let old = walk.attr(&p.attr);
        let mut attr = p.attr.clone();
        let picked = ui.scope(|ui| {
            let name = format!("Condition {number} attribute");
            pickers::attribute_with(ui, "attr", Naming::Hidden(&name), &walk.attrs, &mut attr)
        });
        walk.mark(&with(rel, "attr"), picked.response.rect);
        if picked.inner
            && let Some(new) = walk.attr(&attr)
        {
            retarget(p, old.as_ref(), &new, segments);
            walk.change(rel);
        }
        let info = walk.attr(&p.attr);

        let ops: Vec<&str> = match &info {
            Some(i) => operators_for(i.ty).to_vec(),
            None => vec![p.op.name()],
        };
        let current = p.op.name();
        let mut chosen = current;
        let op_combo = ComboBox::from_id_salt("op")
            .width(120.0)
            .selected_text(op_label(current))
            .show_ui(ui, |ui| {
                for o in &ops {
                    ui.selectable_value(&mut chosen, *o, op_label(o));
                }
            })
            .response
            .accessible_name(format!("Condition {number} operator"));
        if chosen != current {
            p.op = convert_op(&p.op, chosen, info.as_ref(), segments);
            walk.change(&with(rel, "op"));
        }
        let operand = ui.scope(|ui| operand(ui, p, info.as_ref(), number, segments));
        let op_rect = op_combo.rect.union(operand.response.rect);
        walk.mark(&with(rel, "op"), op_rect);
        let (changed, error) = operand.inner;
        if changed {
            walk.change(&with(rel, "op"));
        }
        pattern_error = error;

        let text_test = matches!(p.op.kind(), OpKind::Equality | OpKind::Text);
        if p.ignore_case || (info.as_ref().is_some_and(|i| i.ty == AttrType::Text) && text_test) {
            let check = ui
                .checkbox(&mut p.ignore_case, "ignore case")
                .accessible_name(format!("Condition {number} ignore case"))
                .on_hover_text("Compare without regard to upper and lower case");
            walk.mark(&with(rel, "ignore_case"), check.rect);
            if check.changed() {
                walk.change(&with(rel, "ignore_case"));
            }
        }
        if let Some(place) = place {
            ui.add_space(8.0);
            action = controls(ui, place, &format!("condition {number}"));
        }
    });
    if let Some((text, error)) = pattern_error {
        ui.indent("pattern-error", |ui| pattern_error_lines(ui, &text, &error, walk.ctx.dark));
    }
    walk.mark(rel, row.response.rect);
    action
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ruleset;
    use crate::model::resolve::Resolver;

    #[test]
    fn switching_operators_keeps_operands() {
        assert_eq!(convert_op(&Op::Is("CA".into()), "in", None, &[]), Op::In(vec!["CA".into()]));
        assert_eq!(convert_op(&Op::In(vec!["CA".into(), "NO".into()]), "is_not", None, &[]), Op::IsNot("CA".into()));
        assert_eq!(convert_op(&Op::Gt(3.0), "between", None, &[]), Op::Between(3.0, 3.0));
        assert_eq!(convert_op(&Op::Contains("a.b".into()), "matches", None, &[]), Op::Matches(r"a\.b".into()));
        assert_eq!(convert_op(&Op::Is(String::new()), "in", None, &[]), Op::In(vec![]));
    }

    #[test]
    fn changing_the_attribute_keeps_what_still_fits() {
        let rs = Ruleset::new("t");
        let attrs = Resolver::new(&rs).all_attrs();
        let info = |path: &str| attrs.iter().find(|a| a.path == path).cloned();
        let mut p = Predicate { attr: "geo.city".into(), op: Op::Contains("ton".into()), ignore_case: true };
        retarget(&mut p, info("geo.city").as_ref(), &info("traffic.utm_source").unwrap(), &[]);
        assert_eq!((p.op.clone(), p.ignore_case), (Op::Contains("ton".into()), true), "text to text");
        retarget(&mut p, info("traffic.utm_source").as_ref(), &info("device.type").unwrap(), &[]);
        assert_eq!((p.op.clone(), p.ignore_case), (Op::Is("mobile".into()), false), "text to a choice");
        retarget(&mut p, info("device.type").as_ref(), &info("geo.country").unwrap(), &[]);
        assert_eq!(p.op, Op::In(vec![]));
        p.op = Op::Ge(3.0);
        p.attr = "customer.orders".into();
        retarget(&mut p, info("customer.orders").as_ref(), &info("cart.value").unwrap(), &[]);
        assert_eq!((p.attr.as_str(), p.op.clone()), ("cart.value", Op::Ge(3.0)), "number to number");
    }
}
