"""R-FOOT-3: the request page offers the signing form only to someone the service would
let sign: never to the approver who entered the request himself."""

from watchroom.footage import selectors


def test_r_foot_3_the_approver_who_entered_a_request_is_not_offered_to_sign_it(
        client, police_request, people):
    chief = people["chief"]
    people["chief_app"]  # enrolled: the form would show if he could sign
    request = police_request(actor=chief)
    assert selectors.signer_refusal(chief, request).rule_id == "R-FOOT-3"
    client.force_login(chief)
    html = client.get(request.get_absolute_url()).content.decode()
    assert 'data-testid="decide"' not in html
    assert "Your decision" not in html


def test_r_foot_2_the_approver_whose_step_it_is_is_offered_to_sign(
        client, police_request, people):
    request = police_request()
    people["chief_app"]
    client.force_login(people["chief"])
    html = client.get(request.get_absolute_url()).content.decode()
    assert 'data-testid="decide"' in html
