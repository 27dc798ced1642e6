//! Text rules shared by every layer: the sanitizer, 字数, ordinals, slots, dates, figures,
//! display width and the punctuation check.
//!
//! Nothing here knows about templates, drafts or the terminal; these are plain functions over
//! `&str`, each tested on its own. Column arithmetic anywhere in shuzhi goes through [`width`].

pub mod count;
pub mod date;
pub mod figures;
pub mod grapheme;
pub mod layout;
pub mod ordinal;
pub mod punctuation;
pub mod sanitize;
pub mod slots;
pub mod width;

pub use count::{WordCount, word_count};
pub use sanitize::sanitize;
pub use width::str_width;
