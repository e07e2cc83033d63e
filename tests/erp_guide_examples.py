"""Examples of the ERP guide (shared/seeds/002), verbatim, with the responses it documents.

Each constant names the guide line it starts on. The texts are not to be edited: the point is
that they run as printed (three of them are invalid GraphQL as printed, as Centra would say)."""

# Guide line 29.
CREATE_SIZE_CHART_ONE_SIZE = r"""mutation addSizeChart {
createSizeChart(
input: {
name: "One Size"
horizontalLabels: ["One Size"]
}
) {
sizeChart {
id
name
sizes {id name}
horizontalLabels
verticalLabels
dividerSymbol
}
userErrors {
message
path
}
}
}"""

CREATE_SIZE_CHART_ONE_SIZE_RESPONSE = {
    "data": {
        "createSizeChart": {
            "userErrors": [],
            "sizeChart": {
                "id": 1,
                "name": "One Size",
                "sizes": [{"id": 1, "name": "One Size"}],
                "horizontalLabels": ["One Size"],
                "verticalLabels": None,
                "dividerSymbol": "x",
            },
        }
    },
    "extensions": {"complexity": 121, "permissionsUsed": ["SizeChart:write", "SizeChart:read"]},
}

# Guide line 80.
CREATE_SIZE_CHART_PANTS = r"""mutation addSizeChart {
createSizeChart(input: {
name: "Pants sizes"
horizontalLabels: ["24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "36", "38"]
verticalLabels: ["26", "28", "30", "32", "34", "36"]
}) {
sizeChart {
id
sizes {
id
name }
}
userErrors {
message
path
}
}
}"""

CREATE_SIZE_CHART_PANTS_RESPONSE = {
    "data": {
        "createSizeChart": {
            "sizeChart": {
                "id": 43,
                "sizes": [
                    {"id": 513, "name": "24x26"},
                    {"id": 514, "name": "24x28"},
                    {"id": 515, "name": "24x30"},
                    {"id": 516, "name": "24x32"},
                    {"id": 517, "name": "24x34"},
                    {"id": 518, "name": "24x36"},
                    {"id": 519, "name": "25x26"},
                    {"id": 520, "name": "25x28"},
                    {"id": 521, "name": "25x30"},
                    {"id": 522, "name": "25x32"},
                    {"id": 523, "name": "25x34"},
                    {"id": 524, "name": "25x36"},
                    {"id": 525, "name": "26x26"},
                    {"id": 526, "name": "26x28"},
                    {"id": 527, "name": "26x30"},
                    {"id": 528, "name": "26x32"},
                    {"id": 529, "name": "26x34"},
                    {"id": 530, "name": "26x36"},
                    {"id": 531, "name": "27x26"},
                    {"id": 532, "name": "27x28"},
                    {"id": 533, "name": "27x30"},
                    {"id": 534, "name": "27x32"},
                    {"id": 535, "name": "27x34"},
                    {"id": 536, "name": "27x36"},
                    {"id": 537, "name": "28x26"},
                    {"id": 538, "name": "28x28"},
                    {"id": 539, "name": "28x30"},
                    {"id": 540, "name": "28x32"},
                    {"id": 541, "name": "28x34"},
                    {"id": 542, "name": "28x36"},
                    {"id": 543, "name": "29x26"},
                    {"id": 544, "name": "29x28"},
                    {"id": 545, "name": "29x30"},
                    {"id": 546, "name": "29x32"},
                    {"id": 547, "name": "29x34"},
                    {"id": 548, "name": "29x36"},
                    {"id": 549, "name": "30x26"},
                    {"id": 550, "name": "30x28"},
                    {"id": 551, "name": "30x30"},
                    {"id": 552, "name": "30x32"},
                    {"id": 553, "name": "30x34"},
                    {"id": 554, "name": "30x36"},
                    {"id": 555, "name": "31x26"},
                    {"id": 556, "name": "31x28"},
                    {"id": 557, "name": "31x30"},
                    {"id": 558, "name": "31x32"},
                    {"id": 559, "name": "31x34"},
                    {"id": 560, "name": "31x36"},
                    {"id": 561, "name": "32x26"},
                    {"id": 562, "name": "32x28"},
                    {"id": 563, "name": "32x30"},
                    {"id": 564, "name": "32x32"},
                    {"id": 565, "name": "32x34"},
                    {"id": 566, "name": "32x36"},
                    {"id": 567, "name": "33x26"},
                    {"id": 568, "name": "33x28"},
                    {"id": 569, "name": "33x30"},
                    {"id": 570, "name": "33x32"},
                    {"id": 571, "name": "33x34"},
                    {"id": 572, "name": "33x36"},
                    {"id": 573, "name": "34x26"},
                    {"id": 574, "name": "34x28"},
                    {"id": 575, "name": "34x30"},
                    {"id": 576, "name": "34x32"},
                    {"id": 577, "name": "34x34"},
                    {"id": 578, "name": "34x36"},
                    {"id": 579, "name": "36x26"},
                    {"id": 580, "name": "36x28"},
                    {"id": 581, "name": "36x30"},
                    {"id": 582, "name": "36x32"},
                    {"id": 583, "name": "36x34"},
                    {"id": 584, "name": "36x36"},
                    {"id": 585, "name": "38x26"},
                    {"id": 586, "name": "38x28"},
                    {"id": 587, "name": "38x30"},
                    {"id": 588, "name": "38x32"},
                    {"id": 589, "name": "38x34"},
                    {"id": 590, "name": "38x36"},
                ],
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 122,
        "permissionsUsed": ["SizeChart:write", "SizeChart:read"],
        "appVersion": "v0.47.7",
    },
}

# Guide line 435.
CREATE_PRODUCT = r"""mutation addProduct {
createProduct(input: {
name: "First Product"
status: ACTIVE
productNumber: "Prod123"
brand: { id: 1 }
collection: { id: 2 }
folder: { id: 1 }
countryOfOrigin: { code: "DE" }
harmonizedCommodityCode: "HCC123"
harmonizedCommodityCodeDescription: "Harm Code Description"
}) {
product {
id
name
status
productNumber
brand { name }
collection { name }
folder { name }
harmonizedCommodityCode
harmonizedCommodityCodeDescription
}
userErrors {
message
path
}
}
}"""

CREATE_PRODUCT_RESPONSE = {
    "data": {
        "createProduct": {
            "product": {
                "id": 1,
                "name": "First Product",
                "status": "ACTIVE",
                "productNumber": "Prod123",
                "brand": {"name": "Base Brand"},
                "collection": {"name": "AW21"},
                "folder": {"name": "Shop"},
                "harmonizedCommodityCode": "HCC123",
                "harmonizedCommodityCodeDescription": "Harm Code Description",
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 121,
        "permissionsUsed": [
            "Product:write",
            "Product:read",
            "Product.Brand:read",
            "Product.Collection:read",
            "Product.Folder:read",
        ],
    },
}

# Guide line 505.
CREATE_VARIANT = r"""mutation createVariant {
createProductVariant(input: {
product: { id: 1 }
name: "First Product"
status: ACTIVE
variantNumber: "Var456"
internalName: "vrnt2"
unitCost: { # MonetaryValueInput
value: 60
currencyIsoCode: "EUR"
}
sizeChart: { id: 2 }
}) {
productVariant {
id
}
userErrors {
message
path
}
}
}"""

CREATE_VARIANT_RESPONSE = {
    "data": {"createProductVariant": {"productVariant": {"id": 2}, "userErrors": []}},
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["ProductVariant:write", "ProductVariant:read"],
    },
}

# Guide line 549.
CREATE_PRODUCT_WITH_VARIANTS = r"""mutation addProductWithVariants {
createProduct(
input: {
name: "First Product"
status: ACTIVE
productNumber: "Prod123"
addProductVariants: [
{
name: "First ProductVariant"
status: ACTIVE
variantNumber: "Var123"
internalName: "vrnt"
sizeChart: { id: 1 }
}
]
}
) {
product {
id
name
status
productNumber
variants {
name
status
variantNumber
internalName
sizeChart {
id
}
}
}
userErrors {
message
path
}
}
}"""

# Guide line 593.
CREATE_ONE_SIZE = r"""mutation createOneSize {
createProductSize(
input: {
productVariant: { id: 1 },
size: { id: 1 },
EAN: "EAN000111",
sizeNumber: "111"
}
) {
productSize {
id
EAN
sizeNumber
}
userErrors {
message
path
}
}
}"""

# Guide line 636.
CREATE_VARIANT_WITH_SIZES = r"""mutation createVariantWithSizes {
createProductVariant(input: {
product: { id: 1 }
name: "Blue shirt"
status: INACTIVE
variantNumber: "876"
sizeChart: { id: 3 }
productSizes: [
{size: {name: "S"}, EAN: "5678902338761"},
{size: {name: "M"}, EAN: "5678902338762"},
{size: {name: "L"}, EAN: "5678902338763"},
]
}) {
productVariant {
id
productSizes {
...basicProductSizeFields
}
}
userErrors {
message
path
}
userWarnings {
message
path
}
}
}"""

# Guide line 717.
CREATE_WAREHOUSE = r"""mutation createWarehouse {
createWarehouse(
input: {
name: "Default warehouse"
beforeWarehouse: { id: 1 }
hideFromStockView: true
threshold: 1
stockMasterPolicy: EXTERNAL
stockOwnershipPolicy: THIRD_PARTY
allocationPolicy: CHECK_FIRST
warehouseLocation: { country: { id: 2 }, stateOrProvince: "nevada" }
}
) {
userErrors {
message
path
}
warehouse {
id
name
isHiddenFromStockView
threshold
stockMaster
stockOwnership
allocationPolicy
isConsignation
brickAndMortar {id name}
country {id name}
state {id name}
zipCode
}
}
}"""

CREATE_WAREHOUSE_RESPONSE = {
    "data": {
        "createWarehouse": {
            "userErrors": [],
            "warehouse": {
                "id": 22,
                "name": "Default warehouse",
                "isHiddenFromStockView": True,
                "threshold": 1,
                "stockMaster": "EXTERNAL",
                "stockOwnership": "THIRD_PARTY",
                "allocationPolicy": "CHECK_FIRST",
                "isConsignation": False,
                "brickAndMortar": None,
                "country": {"id": 2, "name": "United States"},
                "state": {"id": 29, "name": "Nevada"},
                "zipCode": None,
            },
        }
    },
    "extensions": {
        "complexity": 117,
        "permissionsUsed": ["Warehouse:write", "Warehouse:read", "BrickAndMortar:read"],
        "appVersion": "v0.47.7",
    },
}

# Guide line 788.
ADD_STOCK = r"""mutation addStock {
changeStock (
input: {
intoWarehouse: {id: 3}
description: "New stock"
productVariants: [
{
productVariant: {id: 2}
unitCost: {
value: 41
currencyIsoCode: "EUR"
}
sizeChanges: {
size: {name: "S"}
deliveredQuantity: 2
}
}
]
}
) {
stockChange {id}
userErrors {message}
}
}"""

ADD_STOCK_RESPONSE = {
    "data": {"changeStock": {"stockChange": {"id": 4284}, "userErrors": []}},
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["StockChange:write", "WarehouseDelivery:read"],
    },
}

# Guide line 829.
REMOVE_STOCK = r"""mutation removeStock {
changeStock (
input: {
outFromWarehouse: { id: 1 }
description: "Remove stock"
productVariants: [
{
productVariant: {id: 1}
unitCost: {
value: 41
currencyIsoCode: "EUR"
}
sizeChanges: {
size: {id: 1} # One Size
deliveredQuantity: 5
}
}
]
}
) {
stockChange {id}
userErrors {message}
}
}"""

REMOVE_STOCK_RESPONSE = {
    "data": {"changeStock": {"stockChange": {"id": 4284}, "userErrors": []}},
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["StockChange:write", "WarehouseDelivery:read"],
    },
}

# Guide line 870.
ABSOLUTE_STOCK = r"""mutation absoluteStock {
setStock(input: {
warehouse: {id: 1}
description: "A typical stock update"
stockQuantityType: PHYSICAL
productVariants: [
{
productVariant: {id: 1445}
sizeStockLevels: [
{size: {name: "XL"}, quantity: 10},
]
}
]
}) {
userErrors {
message
path
}
stockChanges {
id
}
}
}"""

# Guide line 1761.
GET_ORDERS = r"""query getOrders {
orders(where: { number: 14 }) {
number
status
isOnHold
shippingAddress {
firstName
lastName
city
}
...customerId
}
}"""

GET_ORDERS_RESPONSE = {
    "data": {
        "orders": [
            {
                "number": 14,
                "status": "PENDING",
                "isOnHold": False,
                "shippingAddress": {"firstName": "Jon", "lastName": "Snow", "city": "Winterfell"},
                "customer": {"id": 4, "email": "jon.snow@example.com"},
            }
        ]
    },
    "extensions": {
        "complexity": 229,
        "permissionsUsed": ["Order:read", "Order.shippingAddress:read", "Purchaser:read"],
        "appVersion": "v0.32.3",
    },
}

# Guide line 1806.
LOCK_ORDERS = r"""mutation lockOrders {
setOrdersLock(
input: {
orders: [{ number: 39514 }, { number: 39515 }]
isLocked: true }
) {
userErrors {
message
path
}
orders {
number
status
isLocked
shippingAddress {
firstName
lastName
}
}
}
}"""

LOCK_ORDERS_RESPONSE = {
    "data": {
        "setOrdersLock": {
            "userErrors": [],
            "orders": [
                {
                    "number": 39514,
                    "status": "PROCESSING",
                    "isLocked": True,
                    "shippingAddress": {"firstName": "Pio", "lastName": "Sym"},
                },
                {
                    "number": 39515,
                    "status": "PROCESSING",
                    "isLocked": True,
                    "shippingAddress": {"firstName": "Pio", "lastName": "Sym"},
                },
            ],
        }
    },
    "extensions": {
        "complexity": 131,
        "permissionsUsed": ["Order.isLocked:write", "Order:read", "Order.shippingAddress:read"],
        "appVersion": "v0.30.0",
    },
}

# Guide line 1865.
UPDATE_DTC_BASIC_FIELDS = r"""mutation updateDtcBasicFields {
updateDirectToConsumerOrder(
order: {
# id: "1497ccf644db871e1e4026d101bde6f3"
number: 14
}
input: {
shippingAddress: {
firstName: "Jon"
lastName: "Snow"
address1: "Teststr. 1"
address2: "1b"
city: "Stockholm"
zipCode: "12345"
email: "jon.snow@example.com"
}
billingAddress: {
firstName: "Jon"
lastName: "Snow"
address1: "Teststr. 1"
address2: "1b"
city: "Stockholm"
zipCode: "12345"
email: "jon.snow@example.com"
}
customer: {
id: 4
}
customerInfo: {
firstName: "Jon"
lastName: "Snow"
email: "jon.snow@example.com"
}
isInternal: false
}
) {
order {
...orderInfo
}
userErrors { message path }
}
}"""

UPDATE_DTC_BASIC_FIELDS_RESPONSE = {
    "data": {
        "updateDirectToConsumerOrder": {
            "order": {
                "id": "1497ccf644db871e1e4026d101bde6f3",
                "number": 14,
                "isOnHold": False,
                "lines": [
                    {
                        "id": 68,
                        "product": {"name": "Basic Jacket"},
                        "quantity": 10,
                        "taxPercent": 25,
                        "unitPrice": {
                            "value": 675,
                            "currency": {"id": 3, "code": "SEK"},
                            "conversionRate": 1,
                        },
                        "hasAnyDiscount": False,
                        "unitOriginalPrice": {
                            "value": 675,
                            "currency": {"id": 3, "code": "SEK"},
                            "conversionRate": 1,
                        },
                        "lineValue": {
                            "value": 6750,
                            "currency": {"id": 3, "code": "SEK"},
                            "conversionRate": 1,
                        },
                    }
                ],
                "discountsApplied": [
                    {
                        "value": {
                            "value": 0,
                            "currency": {"id": 3, "code": "SEK"},
                            "conversionRate": 1,
                        },
                        "date": "2022-11-09T13:15:11+01:00",
                    }
                ],
                "shippingAddress": {
                    "firstName": "Jon",
                    "lastName": "Snow",
                    "address1": "Teststr. 1",
                    "address2": "1b",
                    "city": "Stockholm",
                    "zipCode": "12345",
                    "stateOrProvince": None,
                    "cellPhoneNumber": None,
                    "phoneNumber": "+4684026100",
                    "faxNumber": None,
                    "email": "jon.snow@example.com",
                    "companyName": None,
                    "attention": None,
                    "vatNumber": None,
                    "country": {"id": 6, "name": "Sweden"},
                    "state": None,
                },
                "billingAddress": {
                    "firstName": "Jon",
                    "lastName": "Snow",
                    "address1": "Teststr. 1",
                    "address2": "1b",
                    "city": "Stockholm",
                    "zipCode": "12345",
                    "stateOrProvince": None,
                    "cellPhoneNumber": None,
                    "phoneNumber": "+4684026100",
                    "faxNumber": None,
                    "email": "jon.snow@example.com",
                    "companyName": None,
                    "attention": None,
                    "vatNumber": None,
                    "country": {"id": 6, "name": "Sweden"},
                    "state": None,
                },
                "customer": {
                    "email": "jon.snow@example.com",
                    "firstName": "Jon",
                    "lastName": "Snow",
                },
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 229,
        "permissionsUsed": [
            "Order:write",
            "Order:read",
            "Order.shippingAddress:read",
            "Order.billingAddress:read",
            "Purchaser:read",
            "Product:read",
        ],
        "appVersion": "v0.32.3",
    },
}

# Guide line 2027.
UPDATE_DTC_CANCEL = r"""mutation updateDtcCancel {
updateDirectToConsumerOrder(
order: {
number: 14
}
input: {
cancelLines: [
{
line: {
id: 68
}
quantity: 1
stockAction: RELEASE_BACK_TO_WAREHOUSE
}
]
cancellationComment: "Some good reason"
}
) {
order {
...orderInfo
}
userErrors { message path }
}
}"""

UPDATE_DTC_CANCEL_RESPONSE = {
    "data": {
        "updateDirectToConsumerOrder": {
            "order": {
                "id": "1497ccf644db871e1e4026d101bde6f3",
                "number": 14,
                "status": "PENDING",
                "isOnHold": False,
                "lines": [
                    {
                        "id": 68,
                        "product": {"name": "Basic Jacket"},
                        "quantity": 9,
                        "taxPercent": 25,
                        "unitPrice": {
                            "value": 675,
                            "currency": {"id": 3, "code": "SEK"},
                            "conversionRate": 1,
                        },
                        "hasAnyDiscount": False,
                        "unitOriginalPrice": {
                            "value": 675,
                            "currency": {"id": 3, "code": "SEK"},
                            "conversionRate": 1,
                        },
                        "lineValue": {
                            "value": 6075,
                            "currency": {"id": 3, "code": "SEK"},
                            "conversionRate": 1,
                        },
                    }
                ],
                "discountsApplied": [
                    {
                        "value": {
                            "value": 0,
                            "currency": {"id": 3, "code": "SEK"},
                            "conversionRate": 1,
                        },
                        "date": "2022-11-09T13:15:11+01:00",
                    }
                ],
                "shippingAddress": {
                    "firstName": "Jon",
                    "lastName": "Snow",
                    "address1": "Teststr. 1",
                    "address2": "1b",
                    "city": "Stockholm",
                    "zipCode": "12345",
                    "stateOrProvince": None,
                    "cellPhoneNumber": None,
                    "phoneNumber": "+4684026100",
                    "faxNumber": None,
                    "email": "jon.snow@example.com",
                    "companyName": None,
                    "attention": None,
                    "vatNumber": None,
                    "country": {"id": 6, "name": "Sweden"},
                    "state": None,
                },
                "billingAddress": {
                    "firstName": "Jon",
                    "lastName": "Snow",
                    "address1": "Teststr. 1",
                    "address2": "1b",
                    "city": "Stockholm",
                    "zipCode": "12345",
                    "stateOrProvince": None,
                    "cellPhoneNumber": None,
                    "phoneNumber": "+4684026100",
                    "faxNumber": None,
                    "email": "jon.snow@example.com",
                    "companyName": None,
                    "attention": None,
                    "vatNumber": None,
                    "country": {"id": 6, "name": "Sweden"},
                    "state": None,
                },
                "customer": {
                    "email": "jon.snow@example.com",
                    "firstName": "Jon",
                    "lastName": "Snow",
                },
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 229,
        "permissionsUsed": [
            "Order:write",
            "Order:read",
            "Order.shippingAddress:read",
            "Order.billingAddress:read",
            "Purchaser:read",
            "Product:read",
        ],
        "appVersion": "v0.32.3",
    },
}

# Guide line 2219.
CONFIRM_ORDER = r"""mutation confirmOrder {
confirmOrder(
input: {
order: {
number: 14
}
}
) {
order {
number
status
}
userErrors { message path }
}
}"""

CONFIRM_ORDER_RESPONSE = {
    "data": {"confirmOrder": {"order": {"number": 14, "status": "CONFIRMED"}, "userErrors": []}},
    "extensions": {
        "complexity": 112,
        "permissionsUsed": ["Order:write", "Order:read"],
        "appVersion": "v0.32.3",
    },
}

# Guide line 2257.
CAPTURE_ORDER = r"""mutation captureOrder {
captureOrder(order: {id: "05ac658a8e815571fdba2984eb358932"
# number: 10 }) {
userErrors {
message
path
}
paymentHistoryEntry {
createdAt
status
entryType
externalReference
value {value}
paymentMethod
paramsJSON
}
order {
id
}
}
}"""

# Guide line 2280.
CREATE_SHIPMENT = r"""mutation createShipment {
createShipment (
input: {
order: { number: 39790 }
lines: [{ orderLine: { id: 17635 }, quantity: 2 }]
isGoodToGo: true
isPaid: false
createdAt: "2022-06-23 15:47:12"
shippedAt: null
sendEmail: false
additionalMessage: "Additional message"
allocateDemand: true
}
) {
userErrors {
message
path
}
shipment {
...shipmentDetails
}
}
}"""

# Guide line 2303.
SHIPMENT_DETAILS_FRAGMENT = r"""fragment shipmentDetails on Shipment {
id
number
createdAt
updatedAt
isGoodToGo
isShipped
isPaid
paidAt
additionalMessage
isShipped
shippedAt
numberOfPackages
trackingNumber
returnTrackingNumber
internalShippingCost {
value
}
grandTotal(includingTax: true) {
value
}
carrierInformation {
carrierName
serviceName
}
adminUser {
id
}
discountsApplied {
value {
formattedValue
}
}
lines {
id
quantity
lineValue {
formattedValue
}
}
shippingAddress {
firstName
lastName
country {
name
code
}
state {
name
code
}
address1
address2
city
zipCode
stateOrProvince
cellPhoneNumber
phoneNumber
faxNumber
email
}
shipmentPlugin {
id
status
name
}
}"""

CREATE_SHIPMENT_RESPONSE = {
    "data": {
        "createShipment": {
            "userErrors": [],
            "shipment": {
                "id": 345,
                "number": "39790-1",
                "createdAt": "2022-06-23T15:47:12+02:00",
                "updatedAt": "2023-01-16T10:31:34+01:00",
                "isGoodToGo": True,
                "isShipped": False,
                "isPaid": False,
                "paidAt": None,
                "additionalMessage": "Additional message",
                "shippedAt": None,
                "numberOfPackages": 0,
                "trackingNumber": None,
                "returnTrackingNumber": None,
                "internalShippingCost": {"value": 0},
                "grandTotal": {"value": 900},
                "carrierInformation": None,
                "adminUser": None,
                "discountsApplied": [],
                "lines": [
                    {"id": 465, "quantity": 2, "lineValue": {"formattedValue": "700.00 SEK"}}
                ],
                "shippingAddress": {
                    "firstName": "Pio",
                    "lastName": "Sym",
                    "country": {"name": "Sweden", "code": "SE"},
                    "state": None,
                    "address1": "Addr 1",
                    "address2": None,
                    "city": "City",
                    "zipCode": "12345",
                    "stateOrProvince": "State",
                    "cellPhoneNumber": "123456789",
                    "phoneNumber": None,
                    "faxNumber": None,
                    "email": "test@test.com",
                },
                "shipmentPlugin": None,
            },
        }
    },
    "extensions": {
        "complexity": 131,
        "permissionsUsed": [
            "Shipment:write",
            "Shipment:read",
            "AdminUser:read",
            "Order:read",
            "Shipment.shippingAddress:read",
            "StorePlugin:read",
        ],
        "appVersion": "v0.34.6",
    },
}

# Guide line 2442.
CAPTURE_SHIPMENT = r"""mutation captureShipment {
captureShipment(id: 123) {
userErrors {
message
path
}
paymentHistoryEntry {
createdAt
status
entryType
externalReference
value {value}
paymentMethod
paramsJSON
}
shipment {
id
number
isCaptured
capturedAt
}
}
}"""

# Guide line 2465.
UPDATE_SHIPMENT_MARK_PAID = r"""mutation updateShipmentMarkPaid {
updateShipment (
id: 345
input: {
isPaid: true
}
) {
userErrors {
message
path
}
shipment {
...shipmentDetails
}
}
}"""

UPDATE_SHIPMENT_MARK_PAID_RESPONSE = {
    "data": {
        "updateShipment": {
            "userErrors": [],
            "shipment": {
                "id": 345,
                "number": "39790-1",
                "createdAt": "2022-06-23T15:47:12+02:00",
                "updatedAt": "2023-01-16T10:35:35+01:00",
                "isGoodToGo": True,
                "isShipped": False,
                "isPaid": True,
                "paidAt": "2023-01-16T10:35:35+01:00",
                "additionalMessage": "Additional message",
                "shippedAt": None,
                "numberOfPackages": 0,
                "trackingNumber": None,
                "returnTrackingNumber": None,
                "internalShippingCost": {"value": 0},
                "grandTotal": {"value": 900},
                "carrierInformation": None,
                "adminUser": None,
                "discountsApplied": [],
                "lines": [
                    {"id": 465, "quantity": 2, "lineValue": {"formattedValue": "700.00 SEK"}}
                ],
                "shippingAddress": {
                    "firstName": "Pio",
                    "lastName": "Sym",
                    "country": {"name": "Sweden", "code": "SE"},
                    "state": None,
                    "address1": "Addr 1",
                    "address2": None,
                    "city": "City",
                    "zipCode": "12345",
                    "stateOrProvince": "State",
                    "cellPhoneNumber": "123456789",
                    "phoneNumber": None,
                    "faxNumber": None,
                    "email": "test@test.com",
                },
                "shipmentPlugin": None,
            },
        }
    },
    "extensions": {
        "complexity": 131,
        "permissionsUsed": [
            "Shipment:write",
            "Shipment:read",
            "AdminUser:read",
            "Order:read",
            "Shipment.shippingAddress:read",
            "StorePlugin:read",
        ],
        "appVersion": "v0.34.6",
    },
}

# Guide line 2553.
CREATE_SHIPMENT_WITH_CAPTURING = r"""mutation createShipmentWithCapturing {
createShipment(
input: {
order: {
id: "05ac658a8e815571fdba2984eb358932"
# number: 10
}
lines: [
{ orderLine: { id: 10 }, quantity: 1 }
]
capture: true # this will enable capturing
}
) {
userErrors {
message
path
}
shipment {
id
isCaptured
capturedAt
order {
paymentHistory(where: {entryType: [CAPTURE, CAPTURE_REQUEST]}) {
createdAt
status
entryType
externalReference
value {value}
paymentMethod
paramsJSON
}
}
}
}
}"""

# Guide line 2592.
COMPLETE_SHIPMENT = r"""mutation completeShipment {
completeShipment (
id: 345
input: {
shippedAt: "2023-01-09T15:18:33+01:00"
sendEmail: true
shipmentInfo: {
carrier: "Carrier name"
service: "Service name"
packagesNumber: 1
trackingNumber: "1234trackingcode"
returnTrackingNumber: "1234returncode"
internalShippingCost: { currencyIsoCode: "SEK", value: 12 }
}
}
) {
userErrors {
message
path
}
shipment {
...shipmentDetails
}
}
}"""

COMPLETE_SHIPMENT_RESPONSE = {
    "data": {
        "completeShipment": {
            "userErrors": [],
            "shipment": {
                "id": 346,
                "number": "39790-1",
                "createdAt": "2022-06-23T15:47:12+02:00",
                "updatedAt": "2023-01-16T10:39:23+01:00",
                "isGoodToGo": True,
                "isShipped": True,
                "isPaid": True,
                "paidAt": "2023-01-16T10:39:17+01:00",
                "additionalMessage": "Additional message",
                "shippedAt": "2023-01-09T15:18:33+01:00",
                "numberOfPackages": 1,
                "trackingNumber": "1234trackingcode",
                "returnTrackingNumber": "1234returncode",
                "internalShippingCost": {"value": 12},
                "grandTotal": {"value": 900},
                "carrierInformation": {
                    "carrierName": "Carrier name",
                    "serviceName": "Service name",
                },
                "adminUser": None,
                "discountsApplied": [],
                "lines": [
                    {"id": 466, "quantity": 2, "lineValue": {"formattedValue": "700.00 SEK"}}
                ],
                "shippingAddress": {
                    "firstName": "Pio",
                    "lastName": "Sym",
                    "country": {"name": "Sweden", "code": "SE"},
                    "state": None,
                    "address1": "Addr 1",
                    "address2": None,
                    "city": "City",
                    "zipCode": "12345",
                    "stateOrProvince": "State",
                    "cellPhoneNumber": "123456789",
                    "phoneNumber": None,
                    "faxNumber": None,
                    "email": "test@test.com",
                },
                "shipmentPlugin": None,
            },
        }
    },
    "extensions": {
        "complexity": 131,
        "permissionsUsed": [
            "Shipment:write",
            "Shipment:read",
            "AdminUser:read",
            "Order:read",
            "Shipment.shippingAddress:read",
            "StorePlugin:read",
        ],
        "appVersion": "v0.34.6",
    },
}

# Guide line 2700.
CREATE_RETURN = r"""mutation createreturn {
createReturn(
input: {
shipment: { id: 1338 }
lines: [
{ shipmentLine: { id: 2943 }, quantity: 2 }
{ shipmentLine: { id: 2944 }, quantity: 2 }
]
returnStockActionPolicy: { releaseItemsBackToWarehouse: true }
shippingCost: { value: { currencyIsoCode: "SEK", value: 10.00 } }
voucherValue: { fromShipment: true }
handlingCost: { fromShipment: true }
comment: "new comment"
}
) {
userErrors {
message
path
}
return {
id
lines {
id
}
}
}
}"""

# Guide line 2729.
QUERY_RETURNS = r"""query returns {
returns {
id
status
lines {
shipmentLine {
id
}
}
}
}"""

# Guide line 2742.
COMPLETE_RETURN = r"""mutation completereturn {
completeReturn(
id: 315
input: {
sendEmail:true
}
) {
userErrors {
message
path
}
return {
id
status
}
}
}"""

# Guide line 2760.
UNCOMPLETE_RETURN = r"""mutation uncompletereturn {
uncompleteReturn(id: 315) {
userErrors {
message
path
}
return {
id
status
}
}
}"""

# Guide line 2773.
DELETE_RETURN = r"""mutation deleteReturn {
deleteReturn(id: 436) {
userErrors {
message
path
}
return {
id
lines {
id
}
}
}
}"""

# Guide line 670.
CREATE_FIXED_BUNDLE = r"""mutation createFixedBundle {
createBundle(
input: {
product: {
name: "Test bundle product"
status: ACTIVE
productNumber: "123"
brand: {id: 1}
collection: {id: 1}
countryOfOrigin: {id: 65}
folder: {id: 1}
harmonizedCommodityCode: "code"
harmonizedCommodityCodeDescription: "description"
}
type: FIXED
priceType: STATIC
sizeChart: {id: 2}
sizes: [
{name: "S"},
{name: "M"}
]
addBundleSections: [
{
quantity: 1
productVariants: [
{id: 1449}
]
},
{
quantity: 2
productVariants: [
{id: 1450}
]
}
]
}
) {
userErrors {message path}
bundle {
...bundleFields
}
}
}"""

# Guide line 902.
CREATE_PRICELIST = r"""mutation CreatePricelist {
createPricelist(input: {
name: "Test pricelist SEK"
status: INACTIVE
store: {
id: 1
}
currencyIsoCode: "SEK"
defaultShippingOption: {
id: 1
},
addCountries: [
{
code: "SE"
}
]
}) {
pricelist {
id
name
status
store { id name type }
currency { code }
assignedToCountries { id name }
defaultShippingOption { id name }
}
userErrors { message path }
}
}"""

CREATE_PRICELIST_RESPONSE = {
    "data": {
        "createPricelist": {
            "pricelist": {
                "id": 61,
                "name": "Test pricelist SEK",
                "status": "INACTIVE",
                "store": {"id": 1, "name": "Retail", "type": "DIRECT_TO_CONSUMER"},
                "currency": {"code": "SEK"},
                "assignedToCountries": [{"id": 6, "name": "Sweden"}],
                "defaultShippingOption": {"id": 1, "name": "SEK"},
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 125,
        "permissionsUsed": [
            "Pricelist:write",
            "Pricelist:read",
            "Store:read",
            "Country:read",
            "ShippingOption:read",
        ],
        "appVersion": "v0.47.7",
    },
}

# Guide line 973.
SET_PRICES = r"""mutation {
setPrices(
input: {
pricelist: { id: 23 }
productPrices:[
{
product: {id: 2}
price: { value: 290, currencyIsoCode: "EUR" }
}
]
}
)
{
pricelist {
id
}
userErrors { message path }
}
}"""

SET_PRICES_RESPONSE = {
    "data": {"setPrices": {"pricelist": {"id": 23}, "userErrors": []}},
    "extensions": {
        "complexity": 112,
        "permissionsUsed": ["Price:write", "Pricelist:read"],
        "appVersion": "v0.47.7",
    },
}

# Guide line 1039.
CREATE_PRICE_ALTERATION = r"""mutation CreatePriceAlteration {
createPriceAlteration(
input: {
name: "First price alteration"
status: INACTIVE
store: {
id: 2
}
startDate: "2024-02-01T00:00:00+0000"
}
) {
priceAlteration {
id
name
startDate
status
store { id }
deliveryWindows { id }
}
userErrors { message path }
}
}"""

CREATE_PRICE_ALTERATION_RESPONSE = {
    "data": {
        "createPriceAlteration": {
            "priceAlteration": {
                "id": 4,
                "name": "First price alteration",
                "startDate": "2024-02-01",
                "status": "INACTIVE",
                "store": {"id": 2},
                "deliveryWindows": [],
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 133,
        "permissionsUsed": ["Price:write", "Price:read", "Store:read", "DeliveryWindow:read"],
        "appVersion": "v0.47.7",
    },
}

# Guide line 1062.
SET_ALTERED_PRICES = r"""mutation SetAlteredPrices {
setAlteredPrices(input: {
priceAlteration: {
id: 1
},
pricelist: {
id: 21
},
productPrices: [
{
product: {
id: 1
}
price: {
value: 1000
currencyIsoCode: "SEK"
}
}
]
}){
priceAlteration {
id
}
pricelist {
id
}
products {
id name
}
userErrors {
message path
}
}
}"""

# Guide line 1101.
SET_PRICES_BATCH = r"""mutation setPricesBatch {
setPricesBatch(input: [
{
pricelist: {id: 19}
productPrices: {
product: {id: 1}
price: {value: 2 currencyIsoCode: "USD"}
overrideIndividualVariantPrices: true
#individualVariantPrices
}
}
{
pricelist: {externalId: "19"}
productPrices: [
{
product: {id: 1}
price: {value: 100 currencyIsoCode: "EUR"}
#recommendedRetailPrice: {value: 10 currencyIsoCode: "USD"}
overrideIndividualVariantPrices: true
#individualVariantPrices
}
{
product: {id: 2}
price: {value: 200 currencyIsoCode: "EUR"}
#recommendedRetailPrice: {value: 10 currencyIsoCode: "USD"}
overrideIndividualVariantPrices: true
#individualVariantPrices
}
]
}
]) {
userErrors {message path}
userWarnings {message path}
pricelists {
id name
prices {
product {id}
productVariant {id}
price {value}
recommendedRetailPrice {value}
}
}
products {id name}
}
}"""

# Guide line 1146.
SET_ALTERED_PRICES_BATCH = r"""mutation SetAlteredPricesBatch {
setAlteredPricesBatch(input: [
{
priceAlteration: {
id: 1
}
pricelist: {
id: 65
},
productPrices: [
{
product: {
id: 1293
}
price: {
value: 10
currencyIsoCode: "EUR"
}
overrideIndividualVariantPrices: true
}
{
product: {
id: 67
}
price: {
value: 11
currencyIsoCode: "EUR"
}
overrideIndividualVariantPrices: true
}
]
}
{
priceAlteration: {
id: 1
}
pricelist: {
id: 66
},
productPrices: [
{
product: {
id: 1293
}
price: {
value: 12
currencyIsoCode: "GBP"
}
overrideIndividualVariantPrices: true
}
{
product: {
id: 67
}
price: {
value: 13
currencyIsoCode: "GBP"
}
overrideIndividualVariantPrices: true
}
]
}
]) {
userErrors {
message path
}
userWarnings {message path}
pricelists {
id
}
products {
id name
}
priceAlterations {
id
name
prices(where: {pricelistId: [65, 66] productId: [1293, 67]}) {
pricelist {
id
}
product {
id
}
price {value}
}
}
}
}"""

# Guide line 1264.
CREATE_DISPLAY = r"""mutation create {
createDisplay(input: {
name: "New display!"
status: ACTIVE
store: {id: 1}
product: {id: 2}
addProductVariants: [
{productVariant: {id: 1545}}
]
}) {
userErrors {
message path
}
display {
id
}
}
}"""

CREATE_DISPLAY_RESPONSE = {
    "data": {"createDisplay": {"userErrors": [], "display": {"id": 2276}}},
    "extensions": {
        "complexity": 112,
        "permissionsUsed": ["Display:write", "Display:read"],
        "appVersion": "v0.47.7",
    },
}

# Guide line 1302.
ADD_VARIANTS_TO_DISPLAY = r"""mutation addVariantsToDisplay {
updateDisplay(
id: 2276
input: [ addProductVariants: { productVariant: { id: 1446 } } ]
) {
userErrors {
message
path
}
display {
id
}
}
}"""

# Guide line 1365.
CREATE_ACCOUNT = r"""mutation createAccount {
createAccount(input: {
status: INACTIVE
name: "Test Account"
market: {id: 2}
pricelist: {id: 21}
discounts: {
generalDiscount: {
discountPercent: 14.3
isVisible: true
}
# addDeliveryWindowDiscounts: [
# {deliveryWindow: {id: 1} discountPercent: 12.3}
# {deliveryWindow: {id: 2} discountPercent: 23.4}
# ]
}
}) {
userErrors {
message path
}
account {
id
discountPercent
isDiscountVisible
deliveryWindowDiscounts {
deliveryWindow {
id
}
discountPercent
}
}
}
}"""

CREATE_ACCOUNT_RESPONSE = {
    "data": {
        "createAccount": {
            "userErrors": [],
            "account": {
                "id": 132,
                "discountPercent": 14.3,
                "isDiscountVisible": True,
                "deliveryWindowDiscounts": [],
            },
        }
    },
    "extensions": {
        "complexity": 142,
        "permissionsUsed": ["Account:write", "Account:read"],
        "appVersion": "v0.47.7",
    },
}

# Guide line 1430.
CREATE_BUYER = r"""mutation createBuyer {
createBuyer(input: {
store: {id: 2}
status: ACTIVE
account: {id: 5}
websiteUrl: "Example URL"
receiveAutoEmails: true
billingAddress: {
email: "jon.snow@centra.com"
}
}) {
userErrors { message path }
buyer {
id
status
account { id name }
receiveAutoEmails
websiteUrl
billingAddress {
email
}
}
}
}"""

CREATE_BUYER_RESPONSE = {
    "data": {
        "createBuyer": {
            "userErrors": [],
            "buyer": {
                "id": 1902,
                "status": "ACTIVE",
                "account": {"id": 5, "name": "Centra 5"},
                "receiveAutoEmails": True,
                "websiteUrl": "Example URL",
                "billingAddress": {"email": "jon.snow@centra.com"},
            },
        }
    },
    "extensions": {
        "complexity": 114,
        "permissionsUsed": [
            "Buyer:write",
            "Buyer:read",
            "Account:read",
            "Buyer.billingAddress:read",
        ],
        "appVersion": "v0.47.7",
    },
}

# Guide line 1498.
CREATE_PREORDER_DELIVERY_WINDOW = r"""mutation createPreorderDelWin {
createDeliveryWindow(input: {
name: "First PreOrder DelWin"
status: ACTIVE
deliveryDatesVisible: true
selectableByBuyers: true
selectedByDefault: false
defaultVariantDeliveryType: STOCK
allocationRule: { id: 2 }
markets: [{ id: 2 }]
# preorder specific fields
preorder: {
deliveryDateRange: { from: "2022-08-01", to: "2022-10-31" }
salesDateRange: { from: "2022-08-01", to: "2022-10-31" }
allocationOrder: FIFO
}
}) {
userErrors {
message
path
}
deliveryWindow {
id
}
}
}"""

CREATE_PREORDER_DELIVERY_WINDOW_RESPONSE = {
    "data": {"createDeliveryWindow": {"userErrors": [], "deliveryWindow": {"id": 26}}},
    "extensions": {
        "complexity": 113,
        "permissionsUsed": ["DeliveryWindow:write", "DeliveryWindow:read"],
        "appVersion": "v0.47.7",
    },
}

# Guide line 1543.
SET_DELIVERY_WINDOW_VARIANTS = r"""mutation setVariants {
setDeliveryWindowVariants(input: {
deliveryWindow: { id: 3 }
variants: [
{
productVariant: { id: 1844 }
type: STOCK
},
{
productVariant: { id: 1845 }
type: STOCK
}
# Up to 100 variants can be specified in a single mutation
]
}) {
userErrors {
message
path
}
deliveryWindow {
id
}
}"""

# Guide line 1590.
CREATE_VOUCHER_WITH_ACTIONS = r"""mutation addVoucherWithActions {
createVoucher(
input: {
name: "Awesome code discount"
status: ACTIVE
startAt: "2024-04-01 11:22"
stopAt: "2026-04-01 11:22"
method: CODE
code: "uniqueCode"
url: null
priority: 9
maxUsages: 100
reuse: true
type: DISCOUNT
entryPointStrategy: APPLY_ALL_IF_ALL_APPLY
conversionHTML: "Some HTML"
store: { id: 1 }
addMarkets: [{ id: 1 }]
actions: [
{
entrypointAction: { id: null } # meaning this action is an entry point
addCriteria: [{ always: true }]
result: {
selectedProducts: {
applyOn: ORDER
discount: { percentOff: 12.00 }
}
}
continueStrategy: SELECTED_PRODUCTS
}
{
entrypointAction: { id: null }
addCriteria: [{ always: true }]
result: { freeShipping: { shippingOptions: [{ id: 1 }] } }
continueStrategy: ALL_PRODUCTS
}
]
}
) {
userErrors {
message
path
}
voucher {
actions {
isEntryPoint
criteria {
type
}
result {
type
}
continueStrategy
}
id
name
status
startAt
stopAt
method
code
url
priority
maxUsages
combineWithOtherVouchers
reuse
type
entryPointStrategy
conversionHTML
store {
id
}
markets {
id
name
}
}
}
}"""

CREATE_VOUCHER_WITH_ACTIONS_RESPONSE = {
    "data": {
        "createVoucher": {
            "userErrors": [],
            "voucher": {
                "actions": [
                    {
                        "isEntryPoint": True,
                        "criteria": [{"type": "ALWAYS"}],
                        "result": {"type": "CHANGE_SELECTED_PRODUCTS_PRICE"},
                        "continueStrategy": "SELECTED_PRODUCTS",
                    },
                    {
                        "isEntryPoint": True,
                        "criteria": [{"type": "ALWAYS"}],
                        "result": {"type": "SET_FREE_SHIPPING"},
                        "continueStrategy": "ALL_PRODUCTS",
                    },
                ],
                "id": 6,
                "name": "Awesome code discount",
                "status": "ACTIVE",
                "startAt": "2024-04-01T11:22:00+02:00",
                "stopAt": "2026-04-01T11:22:00+02:00",
                "method": "CODE",
                "code": "uniqueCode",
                "url": None,
                "priority": 9,
                "maxUsages": 100,
                "combineWithOtherVouchers": True,
                "reuse": True,
                "type": "DISCOUNT",
                "entryPointStrategy": "APPLY_ALL_IF_ALL_APPLY",
                "conversionHTML": "Some HTML",
                "store": {"id": 1},
                "markets": [{"id": 1, "name": "A"}],
            },
        }
    },
    "extensions": {
        "complexity": 243,
        "permissionsUsed": ["Voucher:write", "Voucher:read", "Store:read", "Market:read"],
    },
}

# Guide line 2172.
UPDATE_WHOLESALE_ADD_PRODUCTS = r"""mutation updateWholesaleAddProducts {
updateWholesaleOrder(
order: {
# id: "c8b6e87b1d9408f845a0440d226696df"
number: 3957
}
input: {
addLines: [
{
display: {
id: 1
}
productSize: {
id: 1
}
quantity: 1
unitPrice: {
value: 110.00
currencyIsoCode: "SEK"
}
taxGroup: {
id: 2
}
}
]
}
) {
order {
...orderInfo
}
userErrors { message path }
}
}"""

# Guide line 2819.
GET_CUSTOMER_WITH_ATTRIBUTES = r"""query getCustomerWithAttributes {
customers(where: { email: { equals: "symek+333@centra.com" } }) {
id
lastName
email
...attributes
}
}"""

GET_CUSTOMER_WITH_ATTRIBUTES_RESPONSE = {
    "data": {
        "customers": [
            {
                "id": 27,
                "lastName": "Sym",
                "email": "symek+333@centra.com",
                "attributes": [
                    {
                        "type": {"name": "cus_extra", "isMapped": False},
                        "description": "Customer",
                        "objectType": "Customer",
                        "elements": [
                            {
                                "key": "id",
                                "description": "External Customer ID",
                                "kind": "INPUT",
                                "value": "12345",
                            },
                            {
                                "key": "ship_id",
                                "description": "Customer shipping ID",
                                "kind": "INPUT",
                                "value": "9999",
                            },
                        ],
                    }
                ],
            }
        ]
    },
    "extensions": {
        "complexity": 180,
        "permissionsUsed": ["Customer:read", "Customer.attributes:read", "Attribute:read"],
        "appVersion": "v1.7.0",
    },
}

# Guide line 2827.
ATTRIBUTES_FRAGMENT = r"""fragment attributes on ObjectWithAttributes {
attributes {
type {
name
isMapped
}
description
objectType
elements {
key
description
kind
... on AttributeStringElement {
value
}
... on AttributeChoiceElement {
isMulti
selectedValue
selectedValueName
}
... on AttributeFileElement {
url
}
... on AttributeImageElement {
url
width
height
mimeType
}
}
}
}"""

ATTRIBUTES_FRAGMENT_RESPONSE = {
    "data": {
        "customers": [
            {
                "id": 27,
                "lastName": "Sym",
                "email": "symek+333@centra.com",
                "attributes": [
                    {
                        "type": {"name": "cus_extra", "isMapped": False},
                        "description": "Customer",
                        "objectType": "Customer",
                        "elements": [
                            {
                                "key": "id",
                                "description": "External Customer ID",
                                "kind": "INPUT",
                                "value": "12345",
                            },
                            {
                                "key": "ship_id",
                                "description": "Customer shipping ID",
                                "kind": "INPUT",
                                "value": "9999",
                            },
                        ],
                    }
                ],
            }
        ]
    },
    "extensions": {
        "complexity": 180,
        "permissionsUsed": ["Customer:read", "Customer.attributes:read", "Attribute:read"],
        "appVersion": "v1.7.0",
    },
}

# Guide line 2908.
SET_CUSTOMER_ATTRIBUTE = r"""mutation setCustomerAttribute {
assignAttributes(
input: {
objectType: Customer
objectId: 27
dynamicAttributes: [
{
attributeTypeName: "cus_extra"
attributeElementKey: "id"
attributeElementValue: "New value"
},
{
attributeTypeName: "cus_extra"
attributeElementKey: "ship_id"
attributeElementValue: "Completely new value"
}
]
}
) {
userErrors {
message
path
}
object {
... on Customer {
id
email
firstName
lastName
}
...attributes
}
}
}"""

SET_CUSTOMER_ATTRIBUTE_RESPONSE = {
    "data": {
        "assignAttributes": {
            "userErrors": [],
            "object": {
                "id": 27,
                "email": "symek+333@centra.com",
                "firstName": "Pio",
                "lastName": "Sym",
                "attributes": [
                    {
                        "type": {"name": "cus_extra", "isMapped": False},
                        "description": "Customer",
                        "objectType": "Customer",
                        "elements": [
                            {
                                "key": "id",
                                "description": "External Customer ID",
                                "kind": "INPUT",
                                "value": "New value",
                            },
                            {
                                "key": "ship_id",
                                "description": "Customer shipping ID",
                                "kind": "INPUT",
                                "value": "Completely new value",
                            },
                        ],
                    }
                ],
            },
        }
    },
    "extensions": {
        "complexity": 120,
        "permissionsUsed": ["Attribute:write", "Customer.attributes:read", "Attribute:read"],
        "appVersion": "v1.7.0",
    },
}
