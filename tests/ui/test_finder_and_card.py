"""The window opens on the example catalogue; the finder finds services and the card shows them."""

from PySide6.QtCore import Qt

from desk_app.i18n import _, ngettext


def test_window_opens_listing_every_active_service(window, desk):
    active = desk.active_services()
    assert window.windowTitle() == _("Pointti Desk")
    assert window.finder.visible_count() == len(active) == 21
    shown = [window.finder.proxy.index(r, 0).data() for r in range(window.finder.visible_count())]
    assert any("Kela" in text for text in shown)
    expected = ngettext("{n} service", "{n} services", len(active)).format(n=len(active))
    assert window.services_label.text() == expected


def test_typing_in_the_search_box_narrows_the_list(window, qtbot):
    total = window.finder.visible_count()
    qtbot.keyClicks(window.finder.search_edit, "kela")
    qtbot.waitUntil(lambda: window.finder.visible_count() < total)
    codes = window.finder.visible_codes()
    # Kela's own services first; a service that only mentions OmaKela in its description last.
    assert codes[:3] and all(code.startswith("KELA-") for code in codes[:3])
    assert codes[-1] == "LIBRARY-DIGITUKI"
    shown, total = window.finder.visible_count(), len(window.desk.active_services())
    expected = ngettext("{shown} of {n} service", "{shown} of {n} services", total)
    assert window.services_label.text() == expected.format(shown=shown, n=total)
    window.finder.clear_search()
    assert window.services_label.text() == ngettext("{n} service", "{n} services", total).format(
        n=total
    )


def test_every_typed_word_must_match_and_a_miss_says_so(window, qtbot):
    qtbot.keyClicks(window.finder.search_edit, "kela housing")
    qtbot.waitUntil(lambda: window.finder.visible_count() == 2)
    assert window.finder.visible_codes()[0] == "KELA-HOUSING-ALLOWANCE"
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Return)  # two matches: Enter adds none
    assert window.intake.referral_codes() == ()
    qtbot.keyClicks(window.finder.search_edit, " costs")
    qtbot.waitUntil(lambda: window.finder.visible_count() == 1)
    assert window.finder.visible_codes() == ["KELA-HOUSING-ALLOWANCE"]
    assert window.finder.empty_label.isHidden()
    # With a single match, Enter in the search box adds it without leaving the box.
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Return)
    assert window.intake.referral_codes() == ("KELA-HOUSING-ALLOWANCE",)
    window.finder.search_edit.clear()
    qtbot.keyClicks(window.finder.search_edit, "zzzxq")
    qtbot.waitUntil(lambda: window.finder.visible_count() == 0)
    assert window.finder.empty_label.isVisible()


def test_f2_focuses_the_search_box_and_down_arrow_enters_the_list(window, qtbot):
    window.card.add_button.setFocus()
    qtbot.keyClick(window.card.add_button, Qt.Key.Key_F2)
    qtbot.waitUntil(window.finder.search_edit.hasFocus)
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(window.finder.list_view.hasFocus)
    assert window.finder.current_code() == window.finder.visible_codes()[0]
    # The row the arrow landed on is what the card shows, even if it was already current.
    first = window.finder.find_service(window.finder.visible_codes()[0])
    qtbot.waitUntil(lambda: first.name.text("en") in window.card.plain_text())
    window.card.clear()
    window.finder.focus_search()
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: first.name.text("en") in window.card.plain_text())


def test_selecting_a_service_shows_it_on_the_card(window, desk, qtbot):
    service = next(s for s in desk.active_services() if s.code == "KELA-HOUSING-ALLOWANCE")
    name = service.name.text("en")
    assert name not in window.card.plain_text()
    assert not window.card.add_button.isEnabled()
    with qtbot.waitSignal(window.finder.sig_service_selected) as blocker:
        assert window.finder.select_code(service.code)
    assert blocker.args == [service.code]
    text = window.card.plain_text()
    assert name in text
    assert service.organisation_name.text("en") in text
    assert _("Example data — check before use") in text
    assert window.card.add_button.isEnabled()


def test_card_add_button_adds_the_service_to_the_visit(window, qtbot):
    window.finder.select_code("STARTTIRAHA")
    qtbot.mouseClick(window.card.add_button, Qt.MouseButton.LeftButton)
    assert window.intake.referral_codes() == ("STARTTIRAHA",)
    qtbot.mouseClick(window.card.add_button, Qt.MouseButton.LeftButton)
    assert window.intake.referral_codes() == ("STARTTIRAHA",)


def test_enter_with_several_matches_says_how_to_choose(window, qtbot):
    qtbot.keyClicks(window.finder.search_edit, "kela")
    count = window.finder.visible_count()
    assert count > 1
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Return)
    assert window.intake.referral_codes() == ()
    assert window.finder.empty_label.isVisibleTo(window.finder)
    assert window.finder.empty_label.text() == _(
        "{count} services match: ↓ chooses one, Enter adds it."
    ).format(count=count)


def test_saving_clears_the_card_for_the_next_visitor(window, qtbot):
    qtbot.keyClicks(window.finder.search_edit, "starttiraha")
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Down)  # shows it in the card
    qtbot.waitUntil(lambda: window.card.current_code() == "STARTTIRAHA")
    window.intake.set_selected_topic_codes(["JOB"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    assert window.card.current_code() is None
    assert not window.card.add_button.isEnabled()
