//! What the room looked like when the call joined it: whether this call created it.
//!
//! LiveKit dispatches the agents a token asks for (`roomConfig.agents`) only when that token's
//! join creates the room. A room name that is reused while the room still exists (someone is in
//! it, or it waits out its departure / empty timeout after the last one left) gets no agent, and
//! the token's dispatch is ignored without a word. These facts let the widget say so exactly.

/// A join counts as creating the room when the room is at most this much older (both times are
/// the LiveKit server's, whole seconds: creation and join of one request can straddle a second).
const CREATED_BY_JOIN_MAX_S: u64 = 1;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomAtJoin {
    /// The room's name.
    pub room: String,
    /// When the server created the room (Unix seconds, server clock).
    pub created_unix_s: u64,
    /// When the server let us in (Unix seconds, server clock).
    pub joined_unix_s: u64,
    /// Identities already in the room when we joined.
    pub present: Vec<String>,
}

impl RoomAtJoin {
    /// The room was there before this call: created well before our join, or someone was in it.
    pub fn existed_before(&self) -> bool {
        self.age_at_join_s() > CREATED_BY_JOIN_MAX_S || !self.present.is_empty()
    }

    /// How old the room was when we joined (0 when the clocks disagree the other way).
    pub fn age_at_join_s(&self) -> u64 {
        self.joined_unix_s.saturating_sub(self.created_unix_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(age_s: u64, present: &[&str]) -> RoomAtJoin {
        RoomAtJoin {
            room: "call-1".into(),
            created_unix_s: 1_800_000_000,
            joined_unix_s: 1_800_000_000 + age_s,
            present: present.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn a_room_our_join_created_did_not_exist_before() {
        assert!(!joined(0, &[]).existed_before());
        assert!(
            !joined(1, &[]).existed_before(),
            "creation and join straddle a second"
        );
    }

    #[test]
    fn an_older_room_existed_before() {
        assert!(joined(2, &[]).existed_before());
        assert_eq!(joined(95, &[]).age_at_join_s(), 95);
    }

    #[test]
    fn someone_already_in_the_room_means_it_existed() {
        assert!(joined(0, &["visitor-7"]).existed_before());
    }

    #[test]
    fn a_creation_time_after_the_join_is_not_an_age() {
        let odd = RoomAtJoin {
            created_unix_s: 1_800_000_010,
            ..joined(0, &[])
        };
        assert_eq!(odd.age_at_join_s(), 0);
        assert!(!odd.existed_before());
    }
}
