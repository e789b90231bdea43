//! A link as a QR code (SVG path), for a projector: only the presenter view draws one.

/// A QR code of `text` (error correction M, for a projector seen from the back of a room): its
/// size in modules and an SVG path of its dark modules, one `h` run per row stretch; None if
/// the text is too long for any QR version.
pub fn qr_svg(text: &str) -> Option<(usize, String)> {
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).ok()?;
    let size = qr.size() as usize;
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        // Bounded: x only grows, to size.
        while x < size {
            if qr.get_module(x as i32, y as i32) {
                let start = x;
                while x < size && qr.get_module(x as i32, y as i32) {
                    x += 1;
                }
                path.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some((size, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_has_its_finder_patterns_and_refuses_what_does_not_fit() {
        let (size, path) = qr_svg("http://127.0.0.1/?lesson=consumer-groups&step=3&lang=ko").unwrap();
        assert_eq!((size - 17) % 4, 0, "a QR code is 17 + 4v modules wide");
        // The top-left finder pattern: a 7-module dark run on the first row.
        assert!(path.starts_with("M0 0h7v1h-7z"), "{path}");
        assert!(qr_svg(&"x".repeat(2000)).is_some(), "a 2000-character link fits");
        assert!(qr_svg(&"x".repeat(5000)).is_none());
    }
}
