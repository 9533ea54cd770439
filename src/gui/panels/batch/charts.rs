//! Horizontal bar charts with a name per bar (rules, outcomes, slots),
//! drawn with egui_plot. The batch and impact tabs share them: one row per
//! item, optionally stacked series, a hover text per bar, no zooming or
//! panning (the page scrolls over them). Also the number formatting and
//! accessible descriptions both tabs use.

use egui::{Color32, Ui};
use egui_plot::{AxisHints, Bar, BarChart, GridInput, GridMark, Plot};

/// The height of one bar's row, in points.
const ROW: f32 = 20.0;
/// Room for the x axis below the bars.
const AXIS: f32 = 34.0;

/// One stacked series: a value per row.
pub struct Series {
    /// Its name in the legend.
    pub name: &'static str,
    /// Its colour.
    pub color: Color32,
    /// One value per row.
    pub values: Vec<f64>,
}

/// How values read on the x axis.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Whole counts.
    Count,
    /// Shares from 0 to 1, shown as percentages.
    Share,
}

/// A horizontal bar chart: `labels[i]` names row `i` (top first); each
/// series is stacked on the previous ones; `hover[i]` is the text shown
/// when the pointer is on row `i`.
pub struct HBars<'a> {
    /// Where the plot keeps its state.
    pub id: egui::Id,
    /// The name of each row, top first.
    pub labels: &'a [String],
    /// The stacked series.
    pub series: Vec<Series>,
    /// The hover text of each row.
    pub hover: &'a [String],
    /// What the values are.
    pub scale: Scale,
    /// Show a legend above the chart (when there are several series).
    pub legend: bool,
    /// The width of the row names, to line several charts up; `None`: as wide as the widest name.
    pub label_width: Option<f32>,
}

/// A y axis naming rows: `labels[i]` names row `i`, top first (row `i` is
/// drawn at y = n - 1 - i); `widest` is the room the names need.
pub fn row_axis(labels: Vec<String>, widest: f32) -> AxisHints<'static> {
    let n = labels.len();
    AxisHints::new_y()
        .formatter(move |mark: GridMark, _range: &std::ops::RangeInclusive<f64>| {
            let row = mark.value.round();
            if (mark.value - row).abs() > 0.01 || row < 0.0 {
                return String::new();
            }
            (n - 1).checked_sub(row as usize).and_then(|i| labels.get(i)).cloned().unwrap_or_default()
        })
        .label_spacing(8.0..=10.0)
        .min_thickness(widest + 12.0)
}

/// The width the widest of `labels` takes in the body font.
pub fn label_width<'a>(ui: &Ui, labels: impl IntoIterator<Item = &'a String>) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    labels
        .into_iter()
        .map(|l| ui.painter().layout_no_wrap(l.clone(), font.clone(), Color32::WHITE).size().x)
        .fold(0.0_f32, f32::max)
}

impl HBars<'_> {
    /// Draws the chart at the full available width.
    pub fn show(self, ui: &mut Ui) {
        let n = self.labels.len();
        if n == 0 {
            return;
        }
        let widest = self.label_width.unwrap_or_else(|| label_width(ui, self.labels));
        let y_axis = row_axis(self.labels.to_vec(), widest);
        let scale = self.scale;
        let x_axis = AxisHints::new_x()
            .formatter(move |mark: GridMark, _range: &std::ops::RangeInclusive<f64>| x_label(scale, mark))
            .label_spacing(30.0..=40.0);
        let plot = Plot::new(self.id)
            .height(n as f32 * ROW + AXIS)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_grid([true, false])
            .x_grid_spacer(move |input| nice_marks(input, scale))
            .y_grid_spacer(move |_input| (0..n).map(|i| GridMark { value: i as f64, step_size: 1.0 }).collect())
            .custom_y_axes(vec![y_axis])
            .custom_x_axes(vec![x_axis])
            .include_x(0.0)
            .include_x(if scale == Scale::Share { 0.05 } else { 1.0 })
            .include_y(-0.6)
            .include_y(n as f64 - 0.4)
            .set_margin_fraction(egui::vec2(0.04, 0.0));
        if self.legend && self.series.len() > 1 {
            legend(ui, &self.series);
        }
        let hover = self.hover.to_vec();
        plot.show(ui, move |plot_ui| {
            let mut base = vec![0.0_f64; n];
            for series in self.series {
                let bars: Vec<Bar> = (0..n)
                    .map(|i| {
                        let value = series.values.get(i).copied().unwrap_or(0.0);
                        let bar = Bar::new((n - 1 - i) as f64, value)
                            .base_offset(base[i])
                            .width(0.7)
                            .fill(series.color)
                            .name(hover.get(i).cloned().unwrap_or_default());
                        base[i] += value;
                        bar
                    })
                    .collect();
                plot_ui.bar_chart(
                    BarChart::new(series.name, bars)
                        .horizontal()
                        .color(series.color)
                        .element_formatter(Box::new(|bar: &Bar, _chart: &BarChart| bar.name.clone())),
                );
            }
        });
    }
}

/// A row of coloured swatches naming the series, above the chart (a legend
/// inside the plot would cover the longest bars).
fn legend(ui: &mut Ui, series: &[Series]) {
    ui.horizontal(|ui| {
        for s in series {
            let size = egui::vec2(10.0, 10.0);
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, s.color);
            ui.label(s.name);
            ui.add_space(8.0);
        }
    });
}

/// Grid marks at a "nice" step (1, 2 or 5 times a power of ten) giving
/// about five labelled lines, all of one weight; whole numbers only for
/// counts.
pub fn nice_marks(input: GridInput, scale: Scale) -> Vec<GridMark> {
    let (min, max) = input.bounds;
    let span = (max - min).max(f64::EPSILON);
    let raw = span / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= raw).unwrap_or(10.0 * power);
    if scale == Scale::Count {
        step = step.max(1.0);
    }
    let first = (min / step).ceil() as i64;
    let last = (max / step).floor() as i64;
    (first..=last).map(|k| GridMark { value: k as f64 * step, step_size: step }).collect()
}

/// The x axis label of a grid mark.
fn x_label(scale: Scale, mark: GridMark) -> String {
    if mark.value < 0.0 {
        return String::new();
    }
    match scale {
        Scale::Count => thousands(mark.value.round() as usize),
        Scale::Share => {
            let step = mark.step_size * 100.0;
            let decimals = if step >= 1.0 { 0 } else { (-step.log10().floor()) as usize };
            format!("{:.*} %", decimals, mark.value * 100.0)
        }
    }
}

/// Colours of the charts, readable in both themes.
pub mod palette {
    use egui::Color32;

    /// Rules that applied; outcomes rules gave.
    pub fn applied(dark: bool) -> Color32 {
        if dark { Color32::from_rgb(90, 170, 250) } else { Color32::from_rgb(40, 110, 200) }
    }

    /// Visitors held out.
    pub fn held_out(dark: bool) -> Color32 {
        if dark { Color32::from_rgb(230, 180, 70) } else { Color32::from_rgb(215, 150, 20) }
    }

    /// Matched but lost to a higher-priority rule.
    pub fn lost(dark: bool) -> Color32 {
        if dark { Color32::from_rgb(130, 130, 140) } else { Color32::from_rgb(160, 160, 170) }
    }

    /// A slot's default outcome.
    pub fn default(dark: bool) -> Color32 {
        lost(dark)
    }

    /// Sessions whose outcome changes.
    pub fn changed(dark: bool) -> Color32 {
        if dark { Color32::from_rgb(240, 130, 90) } else { Color32::from_rgb(210, 90, 40) }
    }
}

/// Gives a label (typically a bare number in a table cell) the words a
/// screen reader says and tests find it by, e.g. `mobile-compact-layout
/// applied: 35` for a cell showing `35`.
pub fn describe(response: &egui::Response, text: String) {
    response.widget_info(move || egui::WidgetInfo::labeled(egui::Role::Label, true, text.clone()));
}

/// A label shortened to `max` characters, with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

pub use crate::words::{count, thousands};

/// `count` of `total` as a percentage with one decimal.
pub fn percent(count: usize, total: usize) -> String {
    if total == 0 { "0 %".to_owned() } else { format!("{:.1} %", count as f64 * 100.0 / total as f64) }
}
