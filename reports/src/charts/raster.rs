//! The PNG backend: plotters' bitmap backend with its text drawn by
//! ab_glyph directly.
//!
//! plotters 0.3.7 sets each glyph of a bitmap text at its advance origin
//! without its side bearing and rounds its vertical offset toward zero, so
//! small text comes out with uneven gaps (`th e`) and raised full stops.
//! [`Crisp`] delegates every shape to [`BitMapBackend`] and lays text out
//! itself: glyphs placed at their pen position (bearings and kerning
//! included), one baseline for the whole string, caps centred in the box
//! plotters reserved for the text (so anchors and label areas still agree
//! with plotters' own layout and with the SVG).

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    text_anchor::{HPos, VPos},
};

/// A bitmap backend whose text is set properly.
pub(crate) struct Crisp<'a> {
    inner: BitMapBackend<'a>,
}

impl<'a> Crisp<'a> {
    /// Draws onto `rgb`, an RGB buffer of `size`.
    pub(crate) fn with_buffer(rgb: &'a mut [u8], size: (u32, u32)) -> Self {
        Crisp {
            inner: BitMapBackend::with_buffer(rgb, size),
        }
    }
}

/// The backend's error type (the bitmap backend's).
type Error<'a> = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

impl<'a> DrawingBackend for Crisp<'a> {
    type ErrorType = Error<'a>;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        // The box plotters laid out for this text: anchors are relative to it.
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let bytes = match style.style() {
            FontStyle::Bold => dejavu::sans::bold(),
            _ => dejavu::sans::regular(),
        };
        let font =
            FontRef::try_from_slice(bytes).map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        // The same scale plotters measured the text with.
        let scale = PxScale::from(style.size() as f32);
        let scaled = font.as_scaled(scale);
        let cap = font
            .outline_glyph(scaled.scaled_glyph('H'))
            .map(|g| g.px_bounds().height())
            .unwrap_or(scale.y * 0.6);
        let baseline = (height as f32 + cap) / 2.0;
        let transform = style.transform();
        let (w, h) = self.get_size();
        let mut pen = 0.0f32;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(before) = previous {
                pen += scaled.kern(before, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(scale, point(pen, baseline));
            pen += scaled.h_advance(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|gx, gy, coverage| {
                pixels.push((
                    bounds.min.x as i32 + gx as i32,
                    bounds.min.y as i32 + gy as i32,
                    coverage,
                ))
            });
            for (x, y, coverage) in pixels {
                if coverage <= 0.0 {
                    continue;
                }
                let (x, y) = transform.transform(x + dx - min_x, y + dy - min_y);
                let (x, y) = (pos.0 + x, pos.1 + y);
                if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
                    let alpha = color.alpha * f64::from(coverage.min(1.0));
                    self.inner.draw_pixel(
                        (x, y),
                        BackendColor {
                            alpha,
                            rgb: color.rgb,
                        },
                    )?;
                }
            }
        }
        Ok(())
    }
}
