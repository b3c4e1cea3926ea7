"""The app shell: the one store, the global sidebar filters and the page navigation.

`streamlit run streamlit_app.py` calls `main()` on every run. It opens the store (building the
demo data when there is no database file), draws the sidebar (language, regions, reps, month
range — all kept in the URL), builds a `PageContext` and runs the chosen page.

Writing a page (dashboard/pages/<name>.py):

    from dashboard.context import get_context

    def render() -> None:
        ctx = get_context()            # store, filters, language, cached analytics
        st.title(ctx.t("page_weekly"))  # texts from dashboard/locales/en.json and zh.json
        if ctx.is_empty():
            empty.empty_store(ctx); return
        frame = ctx.metric("M1", ctx.query(by="rep", grain="week"))   # cached by its query
        rows = ctx.call(bookings_behind, ctx.query(), q_start, "company")  # imported function
        st.metric(..., ctx.pct(value)); ctx.money(amount)             # formats per language

    if __name__ == "__main__":       # Streamlit runs the page file as __main__
        render()

- the store: `ctx.store` (analytics.store.Store; `ctx.settings` are its settings);
- the filter state: `ctx.filters` (a frozen FilterState: regions, reps, month_from, month_to,
  lang; `date_from`/`date_to` give the range as dates) and `ctx.query(...)`, a MetricQuery
  with those filters;
- the language: `ctx.lang` and `ctx.t(key, **values)`; `ctx.pct`, `ctx.money`, `ctx.number`;
- cached analytics: `ctx.metric(id, query)` and `ctx.call(f, *args)` (f an analytics function
  imported by the page, taking the store first; typed like f) go through `st.cache_data` in
  dashboard/data.py, keyed on the store path; `empty.guarded(ctx, what, load)` turns an
  analytics message (ForecastDeskError) into a note instead of failing.
After changing data, call `dashboard.data.clear_caches()`.
Page widgets need a stable `key=`; a page's own URL state may use other query keys than
region/rep/from/to/lang, which the sidebar leaves alone.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analytics.errors import ForecastDeskError
from analytics.regions import region_names_zh
from analytics.store import Store
from dashboard import data, uploads
from dashboard.components import printing
from dashboard.components.sidebar import current_lang, render_sidebar
from dashboard.context import PageContext, set_context
from dashboard.i18n import Lang, t
from dashboard.labels import set_region_names

DATA_PAGE = "data"  # the url path of the page without sidebar filters
PAGES_DIR = Path(__file__).resolve().parent / "pages"
# Less empty space above the page title than Streamlit's default.
_SHELL_CSS = '<style>[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }</style>'

# (file stem, url path, title key, icon); the first is the default page.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("overview", "overview", "page_overview", ":material/dashboard:"),
    ("weekly", "weekly", "page_weekly", ":material/call:"),
    ("monthly", "monthly", "page_monthly", ":material/calendar_month:"),
    ("pipeline", "pipeline", "page_pipeline", ":material/filter_alt:"),
    ("team", "team", "page_team", ":material/groups:"),
    ("plan", "plan", "page_plan", ":material/flag:"),
    ("data", "data", "page_data", ":material/database:"),
)


def build_pages(lang: Lang) -> list[st.Page]:
    """The navigation pages, titled in the current language."""
    return [
        st.Page(
            PAGES_DIR / f"{stem}.py",
            title=t(title_key, lang),
            url_path=url_path,
            icon=icon,
            default=index == 0,
        )
        for index, (stem, url_path, title_key, icon) in enumerate(PAGES)
    ]


def _open_store(lang: Lang) -> Store:
    try:
        if data.store_needs_demo():
            with st.spinner(t("building_demo", lang)):
                return data.get_store()
        return data.get_store()
    except ForecastDeskError as exc:
        st.error(t("store_error", lang, message=str(exc)))
        st.stop()
        raise  # unreachable: st.stop() ends the run


@st.cache_resource(show_spinner=False)
def _sweep_uploads() -> int:
    """Once per server process: remove temporary uploads that sessions before it left behind."""
    return uploads.sweep_stale()


def main() -> None:
    """One run of the app: store, sidebar, context, navigation, page."""
    _sweep_uploads()
    lang = current_lang()
    st.set_page_config(page_title=t("app_title", lang), page_icon="📈", layout="wide")
    st.html(_SHELL_CSS)
    st.html(printing.PRINT_CSS)
    store = _open_store(lang)
    page = st.navigation(build_pages(lang))
    set_region_names(data.cached(region_names_zh)(store))  # regions' display names (labels.py)
    # the regions, reps and months filter nothing on the Data page: not drawn there
    filters = render_sidebar(store, filters=page.url_path != DATA_PAGE)
    set_context(PageContext(store=store, filters=filters))
    page.run()
