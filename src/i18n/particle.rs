//! Korean particles chosen by the word in front of them (이/가, 을/를, 은/는, 과/와, 으로/로), as a
//! Korean speaker reads that word: a Hangul syllable by its final consonant (받침), a number as
//! it is read aloud (0 영, 1 일, 10 십, 100 백…), a short upper-case abbreviation letter by
//! letter (ISR 아이에스알), any other Latin word by how it ends when spoken (group 그룹, poll 폴,
//! orders 오더스). Texts write `particle::pick(word, Particle::Object)` instead of "을(를)".

/// A particle that changes with the word before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Particle {
    /// 이 / 가
    Subject,
    /// 을 / 를
    Object,
    /// 은 / 는
    Topic,
    /// 과 / 와
    And,
    /// 으로 / 로 (로 after ㄹ too)
    Towards,
}

/// How the spoken word ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    Vowel,
    /// A final consonant other than ㄹ.
    Consonant,
    /// ㄹ: takes 으로's short form 로.
    Rieul,
}

/// The particle for `word`.
pub fn pick(word: &str, particle: Particle) -> &'static str {
    let ending = ending(word);
    match (particle, ending) {
        (Particle::Subject, Ending::Vowel) => "가",
        (Particle::Subject, _) => "이",
        (Particle::Object, Ending::Vowel) => "를",
        (Particle::Object, _) => "을",
        (Particle::Topic, Ending::Vowel) => "는",
        (Particle::Topic, _) => "은",
        (Particle::And, Ending::Vowel) => "와",
        (Particle::And, _) => "과",
        (Particle::Towards, Ending::Consonant) => "으로",
        (Particle::Towards, _) => "로",
    }
}

/// `word` followed by its particle: "브로커 0을", "c2가".
pub fn with(word: &str, particle: Particle) -> String {
    format!("{word}{}", pick(word, particle))
}

/// `word` with 이/가.
pub fn subject(word: &str) -> String {
    with(word, Particle::Subject)
}

/// `word` with 을/를.
pub fn object(word: &str) -> String {
    with(word, Particle::Object)
}

/// `word` with 은/는.
pub fn topic(word: &str) -> String {
    with(word, Particle::Topic)
}

/// `word` with 으로/로.
pub fn towards(word: &str) -> String {
    with(word, Particle::Towards)
}

fn ending(word: &str) -> Ending {
    // What follows the spoken word does not count: "poll()" reads as 폴, "`acks`" as 액스.
    let word = word.trim_end_matches(|c: char| c.is_whitespace() || "()[]{}'\"`.,:;".contains(c));
    let Some(last) = word.chars().last() else { return Ending::Vowel };
    if let Some(ending) = hangul_ending(last) {
        return ending;
    }
    if last.is_ascii_digit() {
        return number_ending(word);
    }
    if last.is_ascii_alphabetic() {
        let run: String = word
            .chars()
            .rev()
            .take_while(char::is_ascii_alphabetic)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return latin_ending(&run);
    }
    Ending::Vowel
}

fn hangul_ending(c: char) -> Option<Ending> {
    let code = c as u32;
    if !(0xAC00..=0xD7A3).contains(&code) {
        return None;
    }
    Some(match (code - 0xAC00) % 28 {
        0 => Ending::Vowel,
        8 => Ending::Rieul,
        _ => Ending::Consonant,
    })
}

/// A number as it is read: the last non-zero digit (영 일 이 삼 사 오 육 칠 팔 구), or the unit
/// its trailing zeros make (십 백 천 만…, all with a final consonant).
fn number_ending(word: &str) -> Ending {
    let digits: Vec<char> = word.chars().rev().take_while(char::is_ascii_digit).collect();
    let zeros = digits.iter().take_while(|d| **d == '0').count();
    if zeros > 0 && zeros < digits.len() {
        return Ending::Consonant;
    }
    match digits[0] {
        '0' | '3' | '6' => Ending::Consonant,
        '1' | '7' | '8' => Ending::Rieul,
        _ => Ending::Vowel,
    }
}

/// Latin letters: a short upper-case abbreviation is read letter by letter (엘, 엠, 엔, 알 end
/// in a consonant); any other word by its spoken ending: -m, -n, -ng, -p, -b end in a
/// consonant (그룹, 빌링), -l in ㄹ (폴); -t and -k after one short vowel too (커밋, 오딧, 오프셋,
/// 액), after a long one not (하트비트); -s, -d, -r, -g and vowels do not (오더스, 레코드,
/// 컨슈머, 로그).
fn latin_ending(run: &str) -> Ending {
    let lower = run.to_ascii_lowercase();
    let abbreviation = run.len() == 1 || (run.len() <= 5 && run.chars().all(|c| c.is_ascii_uppercase()));
    let chars: Vec<char> = lower.chars().collect();
    let last = *chars.last().unwrap_or(&'a');
    if abbreviation {
        return match last {
            'l' | 'r' => Ending::Rieul,
            'm' | 'n' => Ending::Consonant,
            _ => Ending::Vowel,
        };
    }
    let vowel = |c: char| "aeiouy".contains(c);
    // One short vowel before the last consonant: "mit", "set", "ack" (c before k counts as k).
    let short_vowel = |end: usize| end >= 1 && vowel(chars[end - 1]) && (end == 1 || !vowel(chars[end - 2]));
    match last {
        'l' => Ending::Rieul,
        'm' | 'n' | 'p' | 'b' => Ending::Consonant,
        'g' if lower.ends_with("ng") => Ending::Consonant,
        't' if short_vowel(chars.len() - 1) => Ending::Consonant,
        'k' if short_vowel(chars.len() - 1) || (lower.ends_with("ck") && short_vowel(chars.len() - 2)) => Ending::Consonant,
        _ => Ending::Vowel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_by_its_final_consonant() {
        assert_eq!(with("브로커", Particle::Subject), "브로커가");
        assert_eq!(with("파티션", Particle::Object), "파티션을");
        assert_eq!(with("오프셋", Particle::Topic), "오프셋은");
        assert_eq!(with("레코드", Particle::And), "레코드와");
        assert_eq!(with("그룹", Particle::Towards), "그룹으로");
        assert_eq!(with("파일", Particle::Towards), "파일로");
        assert_eq!(with("서버", Particle::Towards), "서버로");
    }

    #[test]
    fn numbers_as_they_are_read() {
        // The review's examples: "브로커 0를", "브로커 1가" were wrong.
        assert_eq!(with("브로커 0", Particle::Object), "브로커 0을");
        assert_eq!(with("브로커 1", Particle::Subject), "브로커 1이");
        assert_eq!(with("브로커 2", Particle::Subject), "브로커 2가");
        assert_eq!(with("c3", Particle::Topic), "c3은");
        assert_eq!(with("orders-4", Particle::Object), "orders-4를");
        assert_eq!(with("orders-5", Particle::Object), "orders-5를");
        assert_eq!(with("c6", Particle::Subject), "c6이");
        assert_eq!(with("7", Particle::Towards), "7로");
        assert_eq!(with("9", Particle::Subject), "9가");
        assert_eq!(with("10", Particle::Subject), "10이");
        assert_eq!(with("100", Particle::Towards), "100으로");
        assert_eq!(with("3000", Particle::Topic), "3000은");
        assert_eq!(with("12", Particle::Object), "12를");
    }

    #[test]
    fn latin_words_and_abbreviations() {
        assert_eq!(with("ISR", Particle::Subject), "ISR이");
        assert_eq!(with("LSO", Particle::Subject), "LSO가");
        assert_eq!(with("HW", Particle::Object), "HW를");
        assert_eq!(with("poll()", Particle::Object), "poll()을");
        assert_eq!(with("JoinGroup", Particle::Object), "JoinGroup을");
        assert_eq!(with("SyncGroup", Particle::Subject), "SyncGroup이");
        assert_eq!(with("billing", Particle::Topic), "billing은");
        assert_eq!(with("audit", Particle::Subject), "audit이");
        assert_eq!(with("commit", Particle::Object), "commit을");
        assert_eq!(with("offset", Particle::Topic), "offset은");
        assert_eq!(with("Heartbeat", Particle::Object), "Heartbeat를");
        assert_eq!(with("ack", Particle::Subject), "ack이");
        assert_eq!(with("log", Particle::Subject), "log가");
        assert_eq!(with("orders", Particle::Object), "orders를");
        assert_eq!(with("session.timeout.ms", Particle::Topic), "session.timeout.ms는");
        assert_eq!(with("commitSync()", Particle::Object), "commitSync()를");
        assert_eq!(with("Stable", Particle::Towards), "Stable로");
        assert_eq!(with("epoch", Particle::Subject), "epoch가");
        assert_eq!(with("range", Particle::Object), "range를");
        assert_eq!(with("`acks`", Particle::Topic), "`acks`는");
    }
}
