#!/usr/bin/env bash
# OpenInsure's quickstart flow -- create a submission, quote it, bind it with an installment plan -- run against
# Insure. Only the host and the key change:
#   API=http://localhost:5080/v1 API_KEY=sk_test_... bash examples/openinsure-quickstart.sh
# The cover starts EFFECTIVE_DATE (YYYY-MM-DD), by default 30 days from today.
set -euo pipefail
API=${API:-http://localhost:5080/v1}
API_KEY=${API_KEY:?set API_KEY to a sandbox key}
EFFECTIVE_DATE=${EFFECTIVE_DATE:-$(date -u -d '+30 days' +%F 2>/dev/null || date -u -v+30d +%F)}

SUBMISSION=$(curl -sf -X POST "$API/submissions" \
  -H "Authorization: Bearer $API_KEY" -H "Content-Type: application/json" \
  -d '{
    "insuredName": "Acme Coffee Roasters LLC",
    "naicsCode": "722511",
    "annualRevenue": 1850000,
    "requestedLimit": 1000000,
    "effectiveDate": "'"$EFFECTIVE_DATE"'",
    "state": "TX",
    "lineOfBusiness": "GL"
  }')
SUBMISSION_ID=$(echo "$SUBMISSION" | jq -r '.id')
echo "Submission: $SUBMISSION_ID"

QUOTE=$(curl -sf -X POST "$API/submissions/$SUBMISSION_ID/quote" -H "Authorization: Bearer $API_KEY")
echo "Premium: $(echo "$QUOTE" | jq -r '.grossPremium') $(echo "$QUOTE" | jq -r '.currency') (total due $(echo "$QUOTE" | jq -r '.totalDue'))"

POLICY=$(curl -sf -X POST "$API/submissions/$SUBMISSION_ID/bind" \
  -H "Authorization: Bearer $API_KEY" -H "Content-Type: application/json" \
  -d '{"installmentPlan": "MONTHLY_10"}')
echo "Policy number: $(echo "$POLICY" | jq -r '.policyNumber')"
echo "First installment: $(echo "$POLICY" | jq -r '.installments[0].amount') due $(echo "$POLICY" | jq -r '.installments[0].dueDate')"
