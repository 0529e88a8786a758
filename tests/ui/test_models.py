"""Every item model passes Qt's model consistency checks, empty and with rows."""

from desk_app.domain.visit import VisitDraft
from ui.models.referral_list_model import ReferralListModel
from ui.models.service_list_model import ServiceFilterProxyModel, ServiceListModel
from ui.models.visit_table_model import VisitTableModel


def test_service_list_model_and_proxy(qtmodeltester, desk):
    model = ServiceListModel()
    qtmodeltester.check(model)
    model.set_services(desk.active_services())
    assert model.rowCount() == 21
    qtmodeltester.check(model)
    proxy = ServiceFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_query("kela")
    proxy.sort(0)
    assert 0 < proxy.rowCount() < model.rowCount()
    qtmodeltester.check(proxy)


def test_visit_table_model(qtmodeltester, desk):
    model = VisitTableModel(desk.tz)
    qtmodeltester.check(model)
    desk.record_visit(VisitDraft(topic_codes=("JOB",), referral_codes=("STARTTIRAHA",)))
    desk.record_visit(VisitDraft(topic_codes=("HOUSING", "MONEY"), visitor_count=3))
    model.set_records(desk.visits_today())
    model.set_topic_labels({"JOB": "Job search"})
    assert model.rowCount() == 2
    assert model.visitor_total() == 4
    qtmodeltester.check(model)


def test_referral_list_model(qtmodeltester):
    model = ReferralListModel()
    qtmodeltester.check(model)
    assert model.add("A", "Service A")
    assert model.add("B", "Service B")
    assert not model.add("A", "Service A")
    qtmodeltester.check(model)
    model.remove_row(0)
    assert model.codes() == ("B",)
