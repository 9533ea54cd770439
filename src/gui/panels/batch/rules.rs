//! The per-rule numbers of a batch run (SPEC §6): sessions each rule
//! matched, applied to, held out, and lost (to whom); sortable by clicking
//! a column header, filterable by rule id. Every number carries an
//! accessible name that says which rule and which count it is.

use egui::{Align, Layout, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::charts::{describe, thousands};
use crate::simulate::RuleStats;

/// A column of the rule table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleColumn {
    /// The rule's id (file order when not sorted by another column).
    Rule,
    /// Its priority.
    Priority,
    /// Sessions it matched.
    Matched,
    /// Sessions it applied to.
    Applied,
    /// Sessions it held out.
    HeldOut,
    /// Sessions where it matched but lost every slot.
    Lost,
}

impl RuleColumn {
    const ALL: [RuleColumn; 6] = [
        RuleColumn::Rule,
        RuleColumn::Priority,
        RuleColumn::Matched,
        RuleColumn::Applied,
        RuleColumn::HeldOut,
        RuleColumn::Lost,
    ];

    fn title(self) -> &'static str {
        match self {
            RuleColumn::Rule => "Rule",
            RuleColumn::Priority => "Priority",
            RuleColumn::Matched => "Matched",
            RuleColumn::Applied => "Applied",
            RuleColumn::HeldOut => "Held out",
            RuleColumn::Lost => "Lost",
        }
    }

    fn hover(self) -> &'static str {
        match self {
            RuleColumn::Rule => "The rule's id; click to sort by id",
            RuleColumn::Priority => "Higher priority wins",
            RuleColumn::Matched => "Sessions whose condition and schedule the rule matched",
            RuleColumn::Applied => "Sessions where the rule won at least one slot",
            RuleColumn::HeldOut => "Sessions the rule matched but held out (its control group)",
            RuleColumn::Lost => "Sessions the rule matched but lost on every slot to higher-priority rules",
        }
    }
}

/// Sessions a rule matched but lost on every slot it acts on.
pub fn lost(stats: &RuleStats) -> usize {
    stats.matched.saturating_sub(stats.applied + stats.held_out)
}

/// The rule table's state.
#[derive(Default)]
pub struct RuleTable {
    /// The filter text (part of a rule id, any case).
    pub filter: String,
    sort: Option<RuleColumn>,
    descending: bool,
    cache: Option<(String, Option<RuleColumn>, bool, Vec<usize>)>,
}

impl RuleTable {
    /// Forgets the cached order (a new run).
    pub fn reset(&mut self) {
        self.cache = None;
    }

    fn order(&mut self, rules: &[RuleStats], priorities: &[i32]) -> Vec<usize> {
        let filter = self.filter.trim().to_lowercase();
        if let Some((f, s, d, order)) = &self.cache
            && *f == filter
            && *s == self.sort
            && *d == self.descending
        {
            return order.clone();
        }
        let mut order: Vec<usize> =
            (0..rules.len()).filter(|i| filter.is_empty() || rules[*i].rule.to_lowercase().contains(&filter)).collect();
        let key = |i: usize, c: RuleColumn| -> i64 {
            let r = &rules[i];
            match c {
                RuleColumn::Rule => 0,
                RuleColumn::Priority => i64::from(priorities.get(i).copied().unwrap_or(0)),
                RuleColumn::Matched => r.matched as i64,
                RuleColumn::Applied => r.applied as i64,
                RuleColumn::HeldOut => r.held_out as i64,
                RuleColumn::Lost => lost(r) as i64,
            }
        };
        match self.sort {
            None => {}
            Some(RuleColumn::Rule) => order.sort_by(|a, b| rules[*a].rule.cmp(&rules[*b].rule)),
            Some(c) => order.sort_by_key(|i| key(*i, c)),
        }
        if self.descending {
            order.reverse();
        }
        self.cache = Some((filter, self.sort, self.descending, order.clone()));
        order
    }

    fn sort_by(&mut self, column: RuleColumn) {
        if self.sort == Some(column) {
            self.descending = !self.descending;
        } else {
            self.sort = Some(column);
            // Counts read best largest first.
            self.descending = !matches!(column, RuleColumn::Rule);
        }
    }
}

/// Draws the rule table; returns the id of a rule clicked (to open it).
pub fn show(ui: &mut Ui, table: &mut RuleTable, rules: &[RuleStats], priorities: &[i32]) -> Option<String> {
    ui.horizontal(|ui| {
        super::super::labelled(ui, "Filter rules", |ui| {
            ui.add(egui::TextEdit::singleline(&mut table.filter).hint_text("rule id").desired_width(220.0))
        });
        ui.weak("Matched = applied + held out + lost. Click a rule to edit it.");
    });
    let order = table.order(rules, priorities);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut clicked = None;
    let mut sort = None;
    TableBuilder::new(ui)
        .id_salt("batch-rules")
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::initial(230.0).at_least(120.0).clip(true))
        .columns(Column::initial(84.0).at_least(60.0), 5)
        .column(Column::remainder().at_least(120.0).clip(true))
        .header(row_height + 2.0, |mut header| {
            for column in RuleColumn::ALL {
                header.col(|ui| {
                    let arrow = match (table.sort == Some(column), table.descending) {
                        (false, _) => "",
                        (true, false) => " ⏶",
                        (true, true) => " ⏷",
                    };
                    let text = RichText::new(format!("{}{arrow}", column.title())).strong();
                    if ui.add(egui::Button::new(text).frame(false)).on_hover_text(column.hover()).clicked() {
                        sort = Some(column);
                    }
                });
            }
            header.col(|ui| {
                ui.strong("Lost to").on_hover_text("Slot decisions the rule was eligible for but another rule won");
            });
        })
        .body(|body| {
            body.rows(row_height, order.len(), |mut row| {
                let Some(r) = order.get(row.index()).and_then(|i| rules.get(*i)) else { return };
                let priority = order.get(row.index()).and_then(|i| priorities.get(*i)).copied().unwrap_or(0);
                row.col(|ui| {
                    let mut text = RichText::new(&r.rule);
                    if !r.enabled {
                        text = text.weak().strikethrough();
                    }
                    let link = ui.add(egui::Label::new(text).sense(Sense::click()).truncate());
                    let link =
                        link.on_hover_text(if r.enabled { "Edit this rule" } else { "Disabled; edit this rule" });
                    if link.clicked() {
                        clicked = Some(r.rule.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(priority.to_string());
                });
                for (column, n) in [
                    (RuleColumn::Matched, r.matched),
                    (RuleColumn::Applied, r.applied),
                    (RuleColumn::HeldOut, r.held_out),
                    (RuleColumn::Lost, lost(r)),
                ] {
                    row.col(|ui| {
                        let text = if n == 0 { RichText::new("0").weak() } else { RichText::new(thousands(n)) };
                        let cell = ui.label(text);
                        describe(&cell, format!("{} {}: {n}", r.rule, column.title().to_lowercase()));
                    });
                }
                row.col(|ui| {
                    let mut winners: Vec<(&String, &usize)> = r.lost_to.iter().collect();
                    winners.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
                    let mut text =
                        winners.iter().take(3).map(|(w, n)| format!("{w} ({n})")).collect::<Vec<_>>().join(", ");
                    if winners.len() > 3 {
                        text.push_str(&format!(" and {} more", winners.len() - 3));
                    }
                    let all = winners.iter().map(|(w, n)| format!("{w}: {n}")).collect::<Vec<_>>().join("\n");
                    let label = ui.add(egui::Label::new(text).truncate());
                    if !all.is_empty() {
                        label.on_hover_text(all);
                    }
                });
            });
        });
    if let Some(column) = sort {
        table.sort_by(column);
    }
    clicked
}
