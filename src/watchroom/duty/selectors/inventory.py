"""The room's handover items: who keeps the list."""



EDIT = "duty.change_inventoryitem"
