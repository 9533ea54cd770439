//! The command palette (Ctrl+K): every command of the menus with its
//! shortcut, filtered as you type (the typed letters in order, words
//! starting with them first), Up and Down to choose, Enter to run, Escape to
//! close.

use egui::{Context, Key, Modifiers, RichText};

use super::command::{Command, Tab, ThemeChoice, shortcut_of};

/// Every command the palette offers; rule commands act on `selected`.
pub fn entries(selected: Option<usize>) -> Vec<(String, Command)> {
    let mut all = vec![
        ("New ruleset".to_owned(), Command::New),
        ("Open…".to_owned(), Command::Open),
        ("Save".to_owned(), Command::Save),
        ("Save as…".to_owned(), Command::SaveAs),
        ("Export…".to_owned(), Command::Export),
        ("Undo".to_owned(), Command::Undo),
        ("Redo".to_owned(), Command::Redo),
        ("Find rule".to_owned(), Command::Find),
        ("New rule".to_owned(), Command::NewRule),
    ];
    if let Some(i) = selected {
        all.push(("Duplicate rule".to_owned(), Command::DuplicateRule(i)));
        all.push(("Delete rule…".to_owned(), Command::AskDeleteRule(i)));
    }
    all.extend(Tab::ALL.iter().map(|t| (format!("Show {}", t.title()), Command::SetTab(*t))));
    all.extend([
        ("Light theme".to_owned(), Command::SetTheme(ThemeChoice::Light)),
        ("Dark theme".to_owned(), Command::SetTheme(ThemeChoice::Dark)),
        ("System theme".to_owned(), Command::SetTheme(ThemeChoice::System)),
        ("Quit".to_owned(), Command::Quit),
    ]);
    all
}

/// How well `label` matches `query`: `None` unless every character of the
/// query appears in the label in order (ignoring case); lower is better
/// (matches at word starts and close together first).
pub fn score(label: &str, query: &str) -> Option<usize> {
    let label: Vec<char> = label.to_lowercase().chars().collect();
    let mut score = 0;
    let mut at = 0;
    for q in query.to_lowercase().chars().filter(|c| !c.is_whitespace()) {
        let found = label[at..].iter().position(|c| *c == q)? + at;
        let word_start = found == 0 || !label[found - 1].is_alphanumeric();
        score += (found - at) + if word_start { 0 } else { 2 };
        at = found + 1;
    }
    Some(score)
}

/// What the palette did this frame.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Still open.
    Open,
    /// Closed without running anything.
    Closed,
    /// Run this command.
    Run(Command),
}

/// The open palette.
#[derive(Default)]
pub struct Palette {
    query: String,
    chosen: usize,
}

impl Palette {
    /// Draws the palette over `entries`.
    pub fn show(&mut self, ctx: &Context, entries: Vec<(String, Command)>) -> Outcome {
        let mut shown: Vec<(usize, (String, Command))> =
            entries.into_iter().filter_map(|e| score(&e.0, &self.query).map(|s| (s, e))).collect();
        shown.sort_by_key(|(s, _)| *s);
        let (up, down, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        if escape {
            return Outcome::Closed;
        }
        if down {
            self.chosen = (self.chosen + 1).min(shown.len().saturating_sub(1));
        }
        if up {
            self.chosen = self.chosen.saturating_sub(1);
        }
        self.chosen = self.chosen.min(shown.len().saturating_sub(1));
        if enter && let Some((_, (_, command))) = shown.get(self.chosen) {
            return Outcome::Run(command.clone());
        }
        let mut outcome = Outcome::Open;
        let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
            ui.set_width(440.0);
            let field = super::panels::labelled(ui, "Command", |ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("type to filter")
                        .desired_width(f32::INFINITY),
                )
            });
            field.request_focus();
            if field.changed() {
                self.chosen = 0;
            }
            ui.separator();
            if shown.is_empty() {
                ui.weak("No command matches.");
            }
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                for (k, (_, (label, command))) in shown.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let row = ui.selectable_label(k == self.chosen, label);
                        if let Some(s) = shortcut_of(command) {
                            ui.label(RichText::new(ui.ctx().format_shortcut(&s)).weak());
                        }
                        if k == self.chosen {
                            row.scroll_to_me(None);
                        }
                        if row.clicked() {
                            outcome = Outcome::Run(command.clone());
                        }
                    });
                }
            });
        });
        if modal.should_close() && outcome == Outcome::Open {
            return Outcome::Closed;
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_in_order_word_starts_first() {
        let cases = [
            ("Save as…", "sa", true),
            ("Save as…", "sas", true),
            ("Show Health", "health", true),
            ("Show Health", "sh h", true),
            ("Export…", "xe", false),
            ("Undo", "", true),
        ];
        for (label, query, hit) in cases {
            assert_eq!(score(label, query).is_some(), hit, "{label} / {query}");
        }
        assert!(score("Save", "sa").unwrap() < score("Show Batch", "sa").unwrap());
        assert!(score("Show Tests", "tests").unwrap() < score("Light theme", "te").unwrap() + 10);
    }

    #[test]
    fn every_tab_and_every_shortcut_is_offered() {
        let offered = entries(Some(0));
        for tab in Tab::ALL {
            assert!(offered.iter().any(|(_, c)| *c == Command::SetTab(tab)), "{tab:?}");
        }
        for (_, command) in super::super::command::shortcuts() {
            if command != Command::Palette {
                assert!(offered.iter().any(|(_, c)| *c == command), "{command:?}");
            }
        }
    }
}
