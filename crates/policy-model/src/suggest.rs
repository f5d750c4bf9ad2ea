//! "Did you mean": the closest known name to a misspelled one.

/// The edit distance (insertions, deletions, substitutions, and swaps of
/// two neighbours) between `a` and `b`, compared case-insensitively, or
/// `None` once it exceeds `limit`.
pub fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    // Lengths too far apart are told before anything is built (ASCII
    // lower-cases to as many characters; other text may not).
    if a.is_ascii() && b.is_ascii() {
        if a.len().abs_diff(b.len()) > limit {
            return None;
        }
        if b.len() < ASCII_ROW {
            return ascii_distance(a.as_bytes(), b.as_bytes(), limit);
        }
    }
    any_distance(a, b, limit)
}

/// [`distance`] of any two texts.
fn any_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![0; 3 * width];
    let (before, rest) = rows.split_at_mut(width);
    let (previous, current) = rest.split_at_mut(width);
    table(&a, &b, limit, [before, previous, current])
}

/// The longest ASCII candidate whose table rows live on the stack.
const ASCII_ROW: usize = 64;

/// [`distance`] of two ASCII texts, `b` shorter than [`ASCII_ROW`]: the
/// same table, without allocating (a "did you mean" compares a name with
/// every known one).
fn ascii_distance(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    // `a` is within `limit` (a few) of `b`'s length.
    let mut lowered = [0u8; 2 * ASCII_ROW];
    let (a_low, b_low) = lowered.split_at_mut(ASCII_ROW);
    let (Some(a_low), Some(b_low)) = (a_low.get_mut(..a.len()), b_low.get_mut(..b.len())) else {
        return any_distance(
            std::str::from_utf8(a).unwrap_or_default(),
            std::str::from_utf8(b).unwrap_or_default(),
            limit,
        );
    };
    a_low.copy_from_slice(a);
    b_low.copy_from_slice(b);
    a_low.make_ascii_lowercase();
    b_low.make_ascii_lowercase();
    let mut rows = [[0usize; ASCII_ROW]; 3];
    let [before, previous, current] = &mut rows;
    table(a_low, b_low, limit, [before, previous, current])
}

/// Three rolling rows of the Damerau-Levenshtein (optimal string
/// alignment) table of `a` and `b` (each row at least `b.len() + 1`
/// long): the distance, or `None` once every cell of a row exceeds
/// `limit`.
#[expect(
    clippy::indexing_slicing,
    reason = "every index is below the row width b.len() + 1, which the caller gives"
)]
fn table<T: PartialEq>(
    a: &[T],
    b: &[T],
    limit: usize,
    [mut before, mut previous, mut current]: [&mut [usize]; 3],
) -> Option<usize> {
    for (j, cell) in previous.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d <= limit).then_some(d)
}

/// The candidate closest to `word`, if one is within a third of the
/// word's length (at least one edit, at most three). Ties go to the first.
///
/// ```
/// use polc_model::suggest::closest;
/// let known = ["DescribeClusters", "DescribeTasks", "ListClusters"];
/// assert_eq!(closest("DescribeCluster", known), Some("DescribeClusters"));
/// assert_eq!(closest("Nothing", known), None);
/// ```
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if let Some(d) = distance(word, candidate, bound)
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether `c` may show a reader other text than is there: a character
/// some editors break lines at (VT, FF, NEL, the file, group and record
/// separators, the line and paragraph separators), a bidirectional
/// control ("Trojan Source"), every format character of Unicode (general
/// category Cf: zero-width characters, tag characters, the Arabic and
/// Egyptian format controls...), or a character drawn as nothing (the
/// combining grapheme joiner, the Hangul fillers, variation selectors,
/// the Khmer inherent vowels, the blank Braille pattern).
pub fn hides_text(c: char) -> bool {
    matches!(
        c,
        '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'..='\u{1E}'
            | '\u{85}'
            | '\u{AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1345F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::{any_distance, ascii_distance, hides_text};

    /// The allocation-free table of ASCII texts decides as the general
    /// one: every pair of short words over a small alphabet, each limit.
    #[test]
    fn ascii_distance_is_the_general_distance() {
        let words: Vec<String> = (0..300u32)
            .map(|n| {
                let len = (n % 6) as usize;
                (0..len)
                    .map(|i| ['a', 'B', 'b', 'c'][((n >> (i * 2)) % 4) as usize])
                    .collect()
            })
            .collect();
        for a in &words {
            for b in &words {
                for limit in 0..4 {
                    assert_eq!(
                        ascii_distance(a.as_bytes(), b.as_bytes(), limit),
                        any_distance(a, b, limit),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }

    /// Review 38: format characters beyond the zero-width and
    /// bidirectional ones, and characters drawn as nothing, hide text.
    #[test]
    fn what_hides_text() {
        for c in [
            '\u{200B}',
            '\u{202E}',
            '\u{E0041}',
            '\u{E0001}',
            '\u{E0100}',
            '\u{FE0F}',
            '\u{3164}',
            '\u{115F}',
            '\u{FFA0}',
            '\u{0600}',
            '\u{06DD}',
            '\u{070F}',
            '\u{08E2}',
            '\u{110BD}',
            '\u{13430}',
            '\u{1BCA0}',
            '\u{1D173}',
            '\u{034F}',
            '\u{2800}',
            '\u{17B4}',
            '\u{2065}',
            '\u{FFF0}',
            '\u{FFF8}',
        ] {
            assert!(hides_text(c), "U+{:04X}", u32::from(c));
        }
        for c in ['a', 'é', '日', '\u{A0}', '-', '*', '\u{2014}'] {
            assert!(!hides_text(c), "U+{:04X}", u32::from(c));
        }
    }
}
