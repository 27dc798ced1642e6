//! The screens of the wizard, one file each holding the screen's state, its `update` and its
//! view: the start screen, the form, a part, the review, and the dialogs drawn over them.

pub mod dialog;
pub mod form;
pub mod part;
pub mod review;
pub mod start;
