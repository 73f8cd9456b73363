// Package receivables keeps what customers owe us and how they pay:
// invoices, payments (allocated or on account), credit notes, disputes and
// open orders; credit-insurance policies with their buyer limits and
// reporting deadlines; a collection log per customer; and the early-warning
// rules that turn all of it into alerts. From these it derives the ageing,
// the exposure against the approved limit, the days beyond terms and their
// trend — the figures behind the assessment's payment-experience dimension.
//
// Records live in the store's generic record API, one kind per type, each
// with a stable id so that a change log can carry them. A record is never
// removed: a delete writes it back with Deleted set (who and when), a
// tombstone that sync can pass on. Kinds:
//
//	ar_invoice/<dossier>/<id>       Invoice (id from the invoice number)
//	ar_payment/<dossier>/<id>       Payment
//	ar_credit_note/<dossier>/<id>   CreditNote
//	ar_order/<dossier>/<id>         Order (open orders count in exposure)
//	ar_dispute/<dossier>/<id>       Dispute
//	ar_collection/<dossier>/<id>    Entry of the collection log
//	ar_policy/<id>                  Policy (credit insurance)
//	ar_buyer_limit/<dossier>/<id>   BuyerLimit under a policy
//	ar_alert/<alert id>             AlertState: handled, with the action taken
//	ar_hold/<dossier>               Hold: new shipments held
//	ar_rules/current                Rules of the early warning
package receivables
