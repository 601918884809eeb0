//! Columns as editors count them: the Language Server Protocol's zero-based line and column,
//! the column in UTF-16 code units (the protocol's default) or in UTF-8 bytes (when both sides
//! agree on it). Every conversion between byte offsets and editor positions is here.

use crate::LineIndex;

/// What an editor position's column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default.
    #[default]
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}

impl Encoding {
    /// The width of `c` in this encoding's code units.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

impl LineIndex {
    /// The zero-based line and column of byte `offset` (clamped to the text and moved back to
    /// a character boundary). Unlike [`LineIndex::line_col`], every character counts, a byte
    /// order mark included: an editor's position is in the text it sent.
    #[must_use]
    pub fn editor_position(&self, offset: usize, encoding: Encoding) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => self.text[start..offset].chars().map(char::len_utf16).sum(),
        };
        (saturate(line), saturate(column))
    }

    /// The byte offset of a zero-based editor position. A column past the end of its line
    /// means the end of the line (before its line break); a line past the end means the end of
    /// the text; a column inside a character means the start of that character.
    #[must_use]
    pub fn editor_offset(&self, line: u32, column: u32, encoding: Encoding) -> usize {
        let Some(&start) = self.line_starts.get(line as usize) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let text = self.text[start..end].trim_end_matches(['\n', '\r']);
        let mut left = column as usize;
        for (at, c) in text.char_indices() {
            let width = encoding.width(c);
            if left < width {
                return start + at;
            }
            left -= width;
        }
        start + text.len()
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        // `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
        let text = "a: é𝄞x\r\nb: 1\n";
        let index = LineIndex::new(text);
        let x = text.find('x').expect("x");
        assert_eq!(index.editor_position(x, Encoding::Utf16), (0, 6));
        assert_eq!(index.editor_position(x, Encoding::Utf8), (0, 9));
        assert_eq!(index.editor_offset(0, 6, Encoding::Utf16), x);
        assert_eq!(index.editor_offset(0, 9, Encoding::Utf8), x);
        // Inside the surrogate pair: the start of the character.
        assert_eq!(index.editor_offset(0, 5, Encoding::Utf16), x - 4);
        // Past the end of a line: before its line break.
        assert_eq!(index.editor_offset(0, 99, Encoding::Utf16), x + 1);
        let b = text.find('b').expect("b");
        assert_eq!(index.editor_position(b, Encoding::Utf16), (1, 0));
        assert_eq!(index.editor_offset(1, 0, Encoding::Utf8), b);
        assert_eq!(index.editor_offset(9, 0, Encoding::Utf8), text.len());
        assert_eq!(index.editor_position(text.len(), Encoding::Utf16), (2, 0));
    }
}
