#ifndef KORTISTO_CNCURSESW_SHIM_H
#define KORTISTO_CNCURSESW_SHIM_H
// The wide API (get_wch, cchar_t) is hidden unless this is set before the include.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Globals and macros Swift 6 cannot import or rejects as not concurrency-safe.
static inline WINDOW *kortisto_stdscr(void) { return stdscr; }
static inline int kortisto_lines(void) { return LINES; }
static inline int kortisto_cols(void) { return COLS; }
static inline void kortisto_set_escdelay(int ms) { set_escdelay(ms); }
static inline attr_t kortisto_a_normal(void) { return A_NORMAL; }
static inline attr_t kortisto_a_bold(void) { return A_BOLD; }
static inline attr_t kortisto_a_reverse(void) { return A_REVERSE; }
static inline attr_t kortisto_a_underline(void) { return A_UNDERLINE; }
static inline attr_t kortisto_a_dim(void) { return A_DIM; }
static inline attr_t kortisto_color_pair(int n) { return COLOR_PAIR(n); }
static inline int kortisto_key_f(int n) { return KEY_F(n); }

// newterm on the process's own stdin/stdout (Glibc's globals are not importable in Swift 6).
static inline SCREEN *kortisto_newterm(void) { return newterm(NULL, stdout, stdin); }

// Whether curses knows the terminal type `term` (it has a terminfo entry), without starting
// curses: the description setupterm reads is let go again at once.
static inline int kortisto_knows_terminal(const char *term) {
    int status = 0;
    if (setupterm(term, 1, &status) != OK) return 0;
    del_curterm(cur_term);
    return 1;
}

// The codeset of the current locale ("UTF-8" when text will render right).
static inline const char *kortisto_codeset(void) { return nl_langinfo(CODESET); }
#endif
