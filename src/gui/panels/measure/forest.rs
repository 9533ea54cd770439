//! The forest plot of the Measure tab: one row per rule and slot, its
//! relative uplift as a dot with its 95 % confidence interval as a bar, the
//! zero line, each row coloured by its verdict. Rows are named on the y axis;
//! hovering a row tells its numbers. No zooming or panning (the page scrolls
//! over it).

use egui::{Color32, Ui};
use egui_plot::{AxisHints, GridMark, Line, Plot, PlotPoints, Points, VLine};

use super::super::batch::charts::{Scale, label_width, nice_marks, row_axis};

/// The height of one row, in points.
const ROW: f32 = 22.0;
/// Room for the x axis below the rows.
const AXIS: f32 = 34.0;

/// One row: a name, the estimate and its interval (fractions: 0.05 is
/// +5 %), its colour and its hover text.
pub struct Row {
    /// The row's name on the y axis.
    pub label: String,
    /// The estimate.
    pub estimate: f64,
    /// The interval's low end.
    pub low: f64,
    /// The interval's high end.
    pub high: f64,
    /// Its verdict's colour.
    pub color: Color32,
    /// What hovering the row says.
    pub hover: String,
}

/// Draws the plot at the full available width.
pub fn show(ui: &mut Ui, id: egui::Id, rows: &[Row]) {
    let n = rows.len();
    if n == 0 {
        return;
    }
    let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    let widest = label_width(ui, &labels);
    let y_axis = row_axis(labels, widest);
    let x_axis = AxisHints::new_x()
        .formatter(|mark: GridMark, _range: &std::ops::RangeInclusive<f64>| percent_label(mark.value, mark.step_size))
        .label_spacing(30.0..=40.0);
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let lo = rows.iter().map(|r| finite(r.low)).fold(0.0_f64, f64::min);
    let hi = rows.iter().map(|r| finite(r.high)).fold(0.0_f64, f64::max);
    let hovers: Vec<String> = rows.iter().map(|r| r.hover.clone()).collect();
    let plot = Plot::new(id)
        .height(n as f32 * ROW + AXIS)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([true, false])
        .x_grid_spacer(|input| nice_marks(input, Scale::Share))
        .y_grid_spacer(move |_input| (0..n).map(|i| GridMark { value: i as f64, step_size: 1.0 }).collect())
        .custom_y_axes(vec![y_axis])
        .custom_x_axes(vec![x_axis])
        .include_x(lo - 0.01)
        .include_x(hi + 0.01)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .label_formatter(move |hover: &egui_plot::HoverPosition<'_>| {
            let y = match hover {
                egui_plot::HoverPosition::NearDataPoint { position, .. }
                | egui_plot::HoverPosition::Elsewhere { position } => position.y,
            };
            let row = y.round();
            if row < 0.0 {
                return None;
            }
            (n - 1).checked_sub(row as usize).and_then(|i| hovers.get(i)).cloned()
        })
        .set_margin_fraction(egui::vec2(0.04, 0.0));
    let zero = ui.visuals().strong_text_color();
    plot.show(ui, |plot_ui| {
        plot_ui.vline(VLine::new("no effect", 0.0).color(zero).width(1.5));
        for (i, r) in rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            if r.low.is_finite() && r.high.is_finite() {
                plot_ui.line(
                    Line::new(r.label.clone(), PlotPoints::from(vec![[r.low, y], [r.high, y]]))
                        .color(r.color)
                        .width(3.0),
                );
            }
            if r.estimate.is_finite() {
                plot_ui.points(Points::new(r.label.clone(), vec![[r.estimate, y]]).color(r.color).radius(5.0));
            }
        }
    });
}

/// A signed percentage with as many decimals as the grid step needs.
fn percent_label(value: f64, step: f64) -> String {
    let step = step * 100.0;
    let decimals = if step >= 1.0 { 0 } else { (-step.log10().floor()) as usize };
    format!("{:+.*} %", decimals, value * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels_are_signed_percentages_as_fine_as_the_grid() {
        assert_eq!(percent_label(0.05, 0.05), "+5 %");
        assert_eq!(percent_label(-0.025, 0.005), "-2.5 %");
        assert_eq!(percent_label(0.0, 0.1), "+0 %");
    }
}
