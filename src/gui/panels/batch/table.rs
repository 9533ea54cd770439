//! The table of sessions of a batch run: virtualised (only the rows in view
//! are laid out), sortable by clicking a column header, filterable by
//! session id, outcome or rule. The order shown is computed once per change
//! of filter or sort and cached, before the table is drawn (drawing only
//! changes the filter and sort); for large runs it is computed on a worker
//! thread while the previous order stays on screen, so a million rows
//! scroll as smoothly as a hundred.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::{Align, Layout, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::charts::thousands;
use crate::compile::CompiledRuleset;
use crate::engine::Pick;
use crate::gui::worker::Job;
use crate::simulate::Row;

/// Up to this many rows, filtering and sorting run on the UI thread (they
/// take well under a frame); above, on a worker thread.
const INLINE_ROWS: usize = 50_000;
/// Rows filtered between checks of the cancel flag.
const CANCEL_EVERY: usize = 1 << 16;

/// What a run's winners mean, resolved once per run: per slot and winner
/// (rule index plus one, 0 for the default), the outcome's text; per
/// winner, the rule's id.
pub struct Lookup {
    /// The slots' ids, in order.
    pub slots: Vec<String>,
    /// `[slot][winner]`: the outcome shown.
    pub outcomes: Vec<Vec<String>>,
    /// `[slot][winner]`: the outcome without its kind (`hero-new-season`
    /// for `content hero-new-season`): a column has one kind, so cells leave it out.
    pub short: Vec<Vec<String>>,
    /// `[winner]`: the winning rule's id (empty for the default).
    pub rules: Vec<String>,
}

impl Lookup {
    /// Resolves every (slot, winner) pair of a compiled ruleset.
    pub fn new(compiled: &CompiledRuleset) -> Self {
        let winners = compiled.rules.len() + 1;
        let outcomes = (0..compiled.slots.len())
            .map(|slot| {
                (0..winners)
                    .map(|w| {
                        let pick = Pick { rule: (w as u32).checked_sub(1), ..Pick::default() };
                        compiled.outcome(slot, &pick).to_string()
                    })
                    .collect()
            })
            .collect();
        let rules = std::iter::once(String::new()).chain(compiled.rules.iter().map(|r| r.id.clone())).collect();
        Lookup::from_parts(compiled.slots.iter().map(|s| s.id.clone()).collect(), outcomes, rules)
    }

    fn from_parts(slots: Vec<String>, outcomes: Vec<Vec<String>>, rules: Vec<String>) -> Self {
        let short = outcomes
            .iter()
            .map(|o: &Vec<String>| {
                o.iter().map(|t| t.split_once(' ').map_or_else(|| t.clone(), |(_, rest)| rest.to_owned())).collect()
            })
            .collect();
        Lookup { slots, outcomes, short, rules }
    }

    /// The outcome of a slot for a winner.
    pub fn outcome(&self, slot: usize, winner: u32) -> &str {
        self.outcomes.get(slot).and_then(|o| o.get(winner as usize)).map_or("", String::as_str)
    }

    /// The outcome of a slot for a winner, without its kind.
    pub fn short(&self, slot: usize, winner: u32) -> &str {
        self.short.get(slot).and_then(|o| o.get(winner as usize)).map_or("", String::as_str)
    }

    /// The winning rule's id, or `None` for the default.
    pub fn rule(&self, winner: u32) -> Option<&str> {
        (winner > 0).then(|| self.rules.get(winner as usize).map(String::as_str)).flatten()
    }
}

/// A column the table can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    /// File order.
    Line,
    /// The session id.
    Session,
    /// A slot's outcome (by its text).
    Slot(usize),
}

/// What the order shown answers.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Query {
    filter: String,
    only_default: bool,
    sort: SortColumn,
    descending: bool,
}

/// The session table's state.
pub struct SessionTable {
    /// The filter text: a session id, outcome or rule id (any part, any case).
    pub filter: String,
    /// Show only sessions that got every slot's default.
    pub only_default: bool,
    sort: SortColumn,
    descending: bool,
    shown: Option<(Query, Arc<Vec<u32>>)>,
    pending: Option<(Query, Job<Option<Vec<u32>>>)>,
    /// The row last clicked (an index into the run's rows).
    pub selected: Option<u32>,
}

impl Default for SessionTable {
    fn default() -> Self {
        SessionTable {
            filter: String::new(),
            only_default: false,
            sort: SortColumn::Line,
            descending: false,
            shown: None,
            pending: None,
            selected: None,
        }
    }
}

impl SessionTable {
    /// Forgets the cached order (a new run).
    pub fn reset(&mut self) {
        if let Some((_, job)) = self.pending.take() {
            job.cancel();
        }
        self.shown = None;
        self.selected = None;
    }

    /// Sorts by a column; clicking the sorted column again flips the direction.
    pub fn sort_by(&mut self, column: SortColumn) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = false;
        }
    }

    fn query(&self) -> Query {
        Query {
            filter: self.filter.trim().to_lowercase(),
            only_default: self.only_default,
            sort: self.sort,
            descending: self.descending,
        }
    }

    /// Whether a new order is being computed.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// The rows shown, in order (indices into the run's rows); `None`
    /// until the first order is ready.
    pub fn order(&self) -> Option<&Arc<Vec<u32>>> {
        self.shown.as_ref().map(|(_, o)| o)
    }

    /// Whether the order shown or being computed answers another filter or
    /// sort than the current ones.
    fn needs_refresh(&self) -> bool {
        let wanted = self.query();
        self.shown.as_ref().is_none_or(|(q, _)| *q != wanted) && self.pending.as_ref().is_none_or(|(q, _)| *q != wanted)
    }

    /// Makes the cached order answer the current filter and sort: at once
    /// for small runs, on a worker thread for large ones.
    pub fn refresh(&mut self, ctx: &egui::Context, rows: &Arc<Vec<Row>>, lookup: &Arc<Lookup>) {
        let wanted = self.query();
        if self.shown.as_ref().is_some_and(|(q, _)| *q == wanted) {
            if let Some((_, job)) = self.pending.take() {
                job.cancel();
            }
            return;
        }
        if let Some((q, job)) = &mut self.pending {
            if *q == wanted {
                if let Some(done) = job.poll() {
                    if let Some(order) = done {
                        self.shown = Some((wanted, Arc::new(order)));
                    }
                    self.pending = None;
                }
                return;
            }
            job.cancel();
            self.pending = None;
        }
        if rows.len() <= INLINE_ROWS {
            if let Some(order) = compute(rows, lookup, &wanted, None) {
                self.shown = Some((wanted, Arc::new(order)));
            }
            return;
        }
        let (rows, lookup, q) = (rows.clone(), lookup.clone(), wanted.clone());
        let job = Job::spawn(ctx, move |handle| compute(&rows, &lookup, &q, Some(handle.cancel_flag())));
        self.pending = Some((wanted, job));
    }
}

/// Whether `hay` contains `needle` (already lower-case), ignoring case.
fn contains_folded(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        let n = needle.len();
        n == 0 || hay.as_bytes().windows(n).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

/// The rows a query shows, in order; `None` when cancelled.
fn compute(rows: &[Row], lookup: &Lookup, q: &Query, cancel: Option<&AtomicBool>) -> Option<Vec<u32>> {
    let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    // Per slot and winner: does the outcome or the rule match the filter?
    let hits: Vec<Vec<bool>> = lookup
        .outcomes
        .iter()
        .map(|outcomes| {
            outcomes
                .iter()
                .enumerate()
                .map(|(w, text)| {
                    !q.filter.is_empty()
                        && (contains_folded(text, &q.filter)
                            || lookup.rule(w as u32).is_some_and(|r| contains_folded(r, &q.filter)))
                })
                .collect()
        })
        .collect();
    let hit = |slot: usize, w: u32| hits.get(slot).and_then(|h| h.get(w as usize)).copied().unwrap_or(false);
    let mut order: Vec<u32> = Vec::with_capacity(if q.filter.is_empty() { rows.len() } else { 0 });
    for (i, row) in rows.iter().enumerate() {
        if i % CANCEL_EVERY == 0 && cancelled() {
            return None;
        }
        if q.only_default && row.winners.iter().any(|w| *w != 0) {
            continue;
        }
        let keep = q.filter.is_empty()
            || contains_folded(&row.session, &q.filter)
            || row.winners.iter().enumerate().any(|(s, w)| hit(s, *w));
        if keep {
            order.push(i as u32);
        }
    }
    let desc = q.descending;
    let flip = |o: std::cmp::Ordering| if desc { o.reverse() } else { o };
    match q.sort {
        SortColumn::Line => {
            if desc {
                order.reverse();
            }
        }
        SortColumn::Session => order.sort_by(|a, b| flip(rows[*a as usize].session.cmp(&rows[*b as usize].session))),
        SortColumn::Slot(slot) => {
            // Rank each winner by its outcome's text, then sort by rank (stable: file order within).
            let Some(outcomes) = lookup.outcomes.get(slot) else { return Some(order) };
            let mut by_text: Vec<usize> = (0..outcomes.len()).collect();
            by_text.sort_by(|a, b| outcomes[*a].cmp(&outcomes[*b]));
            let mut rank = vec![0u32; outcomes.len()];
            let mut r = 0u32;
            for (k, w) in by_text.iter().enumerate() {
                if k > 0 && outcomes[*w] != outcomes[by_text[k - 1]] {
                    r += 1;
                }
                rank[*w] = r;
            }
            let key = |i: u32| rows[i as usize].winners.get(slot).and_then(|w| rank.get(*w as usize)).copied();
            order.sort_by(|a, b| flip(key(*a).cmp(&key(*b))));
        }
    }
    if cancelled() { None } else { Some(order) }
}

fn header_button(ui: &mut Ui, table: &mut SessionTable, title: &str, column: SortColumn, hover: &str) {
    let arrow = match (table.sort == column, table.descending) {
        (false, _) => "",
        (true, false) => " ⏶",
        (true, true) => " ⏷",
    };
    let button = egui::Button::new(RichText::new(format!("{title}{arrow}")).strong()).frame(false).truncate();
    if ui.add(button).on_hover_text(hover).clicked() {
        table.sort_by(column);
    }
}

/// Draws the filter and the table; returns the row clicked (an index into `rows`).
pub fn show(ui: &mut Ui, table: &mut SessionTable, rows: &Arc<Vec<Row>>, lookup: &Arc<Lookup>) -> Option<u32> {
    let clicked = draw(ui, table, rows, lookup);
    if table.needs_refresh() {
        // The filter or sort changed: the order is computed before the next frame.
        ui.ctx().request_repaint();
    }
    clicked
}

fn draw(ui: &mut Ui, table: &mut SessionTable, rows: &Arc<Vec<Row>>, lookup: &Arc<Lookup>) -> Option<u32> {
    ui.horizontal(|ui| {
        super::super::labelled(ui, "Filter", |ui| {
            ui.add(
                egui::TextEdit::singleline(&mut table.filter)
                    .hint_text("session id, outcome or rule")
                    .desired_width(260.0),
            )
        });
        ui.checkbox(&mut table.only_default, "Only sessions without personalisation");
        let shown = table.order().map_or(0, |o| o.len());
        ui.label(format!("{} of {} sessions", thousands(shown), thousands(rows.len())));
        if table.busy() {
            ui.weak("sorting…");
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
        }
    });
    let Some(order) = table.order().cloned() else {
        ui.weak("Preparing the table…");
        return None;
    };
    let slots = lookup.slots.len();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut clicked = None;
    // Fit every slot's column into the width there is (scrolling sideways hides outcomes).
    let spacing = ui.spacing().item_spacing.x;
    let fixed = 64.0 + 140.0 + spacing * (slots + 2) as f32;
    let slot_width = ((ui.available_width() - fixed) / slots.max(1) as f32).max(90.0);
    let mut builder = TableBuilder::new(ui)
        .id_salt("batch-sessions")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .auto_shrink([false, false])
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::exact(64.0))
        .column(Column::initial(140.0).at_least(80.0).clip(true));
    for s in 0..slots {
        builder = builder.column(if s + 1 == slots {
            Column::remainder().at_least(80.0).clip(true)
        } else {
            Column::initial(slot_width).at_least(80.0).clip(true)
        });
    }
    builder
        .header(row_height + 2.0, |mut header| {
            header.col(|ui| header_button(ui, table, "Line", SortColumn::Line, "Sort by file order"));
            header.col(|ui| header_button(ui, table, "Session", SortColumn::Session, "Sort by session id"));
            for (s, slot) in lookup.slots.iter().enumerate() {
                header.col(|ui| {
                    header_button(ui, table, slot, SortColumn::Slot(s), &format!("Sort by the outcome of {slot}"));
                });
            }
        })
        .body(|body| {
            body.rows(row_height, order.len(), |mut row| {
                let Some(&i) = order.get(row.index()) else { return };
                let Some(r) = rows.get(i as usize) else { return };
                row.set_selected(table.selected == Some(i));
                row.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(r.line.to_string()).weak()).selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&r.session).selectable(false).truncate());
                });
                for (s, w) in r.winners.iter().enumerate() {
                    row.col(|ui| {
                        let text = lookup.outcome(s, *w);
                        let label = match lookup.rule(*w) {
                            Some(_) => RichText::new(lookup.short(s, *w)),
                            None => RichText::new(lookup.short(s, *w)).weak(),
                        };
                        let by = lookup.rule(*w).map_or("the slot's default".to_owned(), |r| format!("rule {r}"));
                        ui.add(egui::Label::new(label).selectable(false).truncate())
                            .on_hover_text(format!("{text}\nfrom {by}"));
                    });
                }
                if row.response().clicked() {
                    clicked = Some(i);
                }
            });
        });
    if let Some(i) = clicked {
        table.selected = Some(i);
    }
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup() -> Lookup {
        Lookup::from_parts(
            vec!["hero".into(), "layout".into()],
            vec![
                vec!["content default".into(), "content maple".into(), "content phone".into()],
                vec!["variant standard".into(), "variant standard".into(), "variant compact".into()],
            ],
            vec![String::new(), "ca".into(), "mobile".into()],
        )
    }

    fn row(line: usize, id: &str, winners: [u32; 2]) -> Row {
        Row { offset: line as u64 * 10, line, session: id.into(), winners: winners.to_vec() }
    }

    fn query(filter: &str, sort: SortColumn, descending: bool) -> Query {
        Query { filter: filter.into(), only_default: false, sort, descending }
    }

    #[test]
    fn filters_by_id_outcome_or_rule_and_sorts_stably() {
        let rows = vec![row(1, "s-b", [1, 0]), row(2, "s-a", [2, 2]), row(3, "s-c", [0, 0]), row(4, "x", [1, 1])];
        let l = lookup();
        assert_eq!(compute(&rows, &l, &query("", SortColumn::Line, false), None).unwrap(), vec![0, 1, 2, 3]);
        assert_eq!(compute(&rows, &l, &query("", SortColumn::Line, true), None).unwrap(), vec![3, 2, 1, 0]);
        assert_eq!(compute(&rows, &l, &query("s-", SortColumn::Session, false), None).unwrap(), vec![1, 0, 2]);
        assert_eq!(compute(&rows, &l, &query("maple", SortColumn::Line, false), None).unwrap(), vec![0, 3]);
        assert_eq!(compute(&rows, &l, &query("mobile", SortColumn::Line, false), None).unwrap(), vec![1]);
        assert_eq!(compute(&rows, &l, &query("compact", SortColumn::Line, false), None).unwrap(), vec![1]);
        // By the hero's outcome: default < maple < phone; ties keep file order.
        assert_eq!(compute(&rows, &l, &query("", SortColumn::Slot(0), false), None).unwrap(), vec![2, 0, 3, 1]);
        assert_eq!(compute(&rows, &l, &query("", SortColumn::Slot(0), true), None).unwrap(), vec![1, 0, 3, 2]);
        let only_default = Query { only_default: true, ..query("", SortColumn::Line, false) };
        assert_eq!(compute(&rows, &l, &only_default, None).unwrap(), vec![2]);
    }

    #[test]
    fn a_cancelled_computation_gives_nothing() {
        let rows = vec![row(1, "a", [0, 0])];
        let cancel = AtomicBool::new(true);
        assert_eq!(compute(&rows, &lookup(), &query("", SortColumn::Line, false), Some(&cancel)), None);
    }
}
